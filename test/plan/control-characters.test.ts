import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/cli/output/diagnostics.ts';
import { validatePlanDocument } from '../../src/plan/validate.ts';

function plan(title: string, description = 'Fine.\n\tIndented line.') {
  return {
    id: 'p',
    title: 'Plan',
    items: [{ id: 'a', type: 'task', title, description, labels: ['ok'] }],
  };
}

describe('control characters in plan text', () => {
  it('refuses terminal escapes, NUL and bidirectional overrides in one-line fields', () => {
    for (const [title, code] of [
      ['\u001b[31mRED', 'U+001B'],
      ['a\u0000b', 'U+0000'],
      ['invoice\u202egpj.exe', 'U+202E'],
    ] as const) {
      const result = validatePlanDocument(plan(title));
      assert.equal(result.plan, undefined);
      const problem = result.diagnostics.find((d) => d.code === 'control-character');
      assert.ok(problem, title);
      assert.equal(problem.path, 'items[0].title');
      assert.equal(problem.itemId, 'a');
      assert.match(
        problem.message,
        new RegExp(`The title holds the invisible control character ${code.replace('+', '\\+')}`),
      );
    }
  });

  it('allows tabs and line breaks in descriptions, but not escapes', () => {
    assert.ok(validatePlanDocument(plan('Normal title')).plan);
    const escaped = validatePlanDocument(plan('Normal title', 'see \u001b]0;pwned\u0007'));
    assert.equal(
      escaped.diagnostics.find((d) => d.code === 'control-character')?.path,
      'items[0].description',
    );
  });

  it('shows a quoted control character as a visible escape, never raw', () => {
    const line = formatDiagnostic('plan.yaml', {
      severity: 'error',
      code: 'control-character',
      message: 'm',
      itemId: 'a\u001b[2Jb',
    });
    assert.equal(line, 'plan.yaml: error [control-character] item a\\u{1b}[2Jb: m');
  });

  it('a reader closing the pipe early ends plan show quietly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'projan-epipe-'));
    const file = path.join(dir, 'run.sh');
    writeFileSync(
      file,
      'node bin/projan.js plan show examples/plans/data-migration.yaml --json | head -c 10 >/dev/null; echo "$' +
        '{PIPESTATUS[0]}"\n',
    );
    const result = spawnSync('bash', [file], { encoding: 'utf8' });
    assert.equal(result.stdout.trim(), '0');
    assert.doesNotMatch(result.stderr, /EPIPE/);
  });
});
