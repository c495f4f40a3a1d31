import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { parse } from 'yaml';
import { registerPlanImportCommand } from '../../../src/cli/commands/plan-import.ts';
import { importDocument } from '../../../src/plan/import/index.ts';
import { realPlansDir } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'projan-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `projan plan import …` in process; returns exit code, stdout and stderr. */
async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const program = new Command('projan').exitOverride().configureOutput({
    writeOut: (text) => (stdout += text),
    writeErr: (text) => (stderr += text),
  });
  registerPlanImportCommand(program.command('plan'));
  let code = 0;
  try {
    await program.parseAsync(['plan', 'import', ...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TAGGED = JSON.stringify({
  master: { tasks: [] },
  alpha: { tasks: [{ id: 1, title: 'Set up CI', status: 'done', dependencies: [] }] },
  beta: {
    tasks: [
      { id: 1, title: 'Draft API', status: 'pending', dependencies: [] },
      { id: 2, title: 'Review API', status: 'review', dependencies: [1, 7] },
    ],
  },
});

describe('projan plan import', () => {
  it('prints the plan as YAML on stdout and warnings, tags and a summary on stderr', async () => {
    const path = file('tasks.json', TAGGED);
    const result = await run(path, '--tag', 'beta');
    assert.equal(result.code, 0);
    assert.deepEqual(
      parse(result.stdout),
      importDocument(TAGGED, 'taskmaster', { tag: 'beta', fileName: 'tasks.json' }).document,
    );
    assert.match(result.stdout, /^# Imported from tasks\.json \(Task Master\)/);
    assert.equal(
      result.stderr,
      [
        `${path}:1: warning [dangling-dependency] item 2: 2 depends on 7, which is not in the file; that dependency was removed. Fix the id or add the missing task.`,
        'This file has several tags: master (0 tasks), alpha (1 task), beta (2 tasks).',
        `stdout: 2 items, 1 dependency imported from ${path} (Task Master); 1 warning above.`,
        '',
      ].join('\n'),
    );
  });

  it('writes to -o and says which tag it chose when none was given', async () => {
    const path = file('tagged.json', TAGGED);
    const output = join(dir, 'plan.yaml');
    const result = await run(path, '-o', output);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
    const plan = parse(readFileSync(output, 'utf8')) as { items: Array<{ id: string }> };
    assert.deepEqual(
      plan.items.map((item) => item.id),
      ['tm-alpha-1'],
    );
    assert.match(result.stderr, /The default was imported; choose another with --tag\./);
  });

  it('exits 1 with the reason and writes nothing when the import is refused', async () => {
    const path = file('refused.json', TAGGED);
    const output = join(dir, 'never.yaml');
    const result = await run(path, '--tag', 'gamma', '-o', output);
    assert.equal(result.code, 1);
    assert.equal(existsSync(output), false);
    assert.match(
      result.stderr,
      /error \[unknown-tag\]: This file has no tag gamma\. Choose one of:/,
    );
    assert.match(result.stderr, /not imported, 1 error; fix the errors above\.\n$/);
  });

  it('detects spec-kit and Markdown by content, and obeys --format', async () => {
    const speckit = file('tasks.md', '# Tasks: X\n\n## Phase 1: Setup\n\n- [ ] T001 Create repo\n');
    const auto = await run(speckit);
    assert.equal(auto.code, 0);
    assert.match(auto.stderr, /\(spec-kit\)/);
    assert.deepEqual(
      (parse(auto.stdout) as { items: Array<{ id: string }> }).items[0]?.id,
      'phase-1',
    );
    const forced = await run(speckit, '--format', 'markdown');
    assert.match(forced.stderr, /\(Markdown\)/);
    assert.equal((parse(forced.stdout) as { title: string }).title, 'Tasks: X');
  });

  it('refuses a Projan plan, a missing file and an unknown format', async () => {
    const projan = file('plan.yaml', 'id: p\ntitle: P\nitems: []\n');
    const already = await run(projan);
    assert.equal(already.code, 1);
    assert.match(already.stderr, /is already a Projan plan .*projan plan validate/);
    const missing = await run(join(dir, 'nope.md'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.md does not exist or cannot be read; check the path\./);
    const binary = await run(file('blob.md', '- [ ] a\u0000b\n'));
    assert.equal(binary.code, 1);
    assert.match(binary.stderr, /error \[binary-file\]: This is not a text file/);
    const format = await run(projan, '--format', 'jira');
    assert.equal(format.code, 1);
    assert.match(format.stderr, /Allowed choices are auto, taskmaster, speckit, markdown/);
  });

  it('imports a real spec-kit file with its warnings pointing at lines', async () => {
    const path = join(realPlansDir, 'speckit', 'zhujian0805__oh-my-astock__tasks.md');
    const result = await run(path);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /oh-my-astock__tasks\.md:169: warning \[trailing-junk\]/);
    assert.match(result.stderr, /26 items, 3 dependencies imported/);
  });
});

describe('projan plan import refuses what it cannot use, in words', () => {
  it('an empty file is reported as empty, not as a Projan plan', async () => {
    const empty = file('empty.md', '  \n');
    const result = await run(empty);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), `${empty} is empty; there is no plan to import.`);
  });

  it('-o naming a directory says so', async () => {
    const result = await run(file('list.md', '- [ ] Write the plan\n'), '-o', dir);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`${dir} is a directory; give -o the path of the file to write\\.`),
    );
  });
});
