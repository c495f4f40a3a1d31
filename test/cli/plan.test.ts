import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { type Command, CommanderError } from 'commander';
import { buildProgram } from '../../src/cli/program.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `projan` binary in a child process and collects what it printed. */
function projan(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/projan.js', ...args], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `projan` in process, capturing what every command writes, and returns the exit code. */
async function projanInProcess(...args: string[]): Promise<Run> {
  const program = buildProgram();
  const run: Run = { code: 0, stdout: '', stderr: '' };
  const capture = (command: Command) => {
    command.configureOutput({
      writeOut: (text) => {
        run.stdout += text;
      },
      writeErr: (text) => {
        run.stderr += text;
      },
    });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    await program.parseAsync(['node', 'projan', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    run.code = error.exitCode;
  }
  return run;
}

describe('projan plan validate (child process)', { concurrency: true }, () => {
  it('exits 0 and summarises each valid file', async () => {
    const run = await projan(
      'plan',
      'validate',
      'examples/plans/web-launch.yaml',
      'examples/plans/mobile-app.yaml',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'examples/plans/web-launch.yaml: valid (40 items, 26 dependencies)\n' +
        'examples/plans/mobile-app.yaml: valid (22 items, 18 dependencies)\n',
    );
  });

  it('exits 1 and lists each problem with file, line, column, item, path and message', async () => {
    const run = await projan(
      'plan',
      'validate',
      'examples/plans/web-launch.yaml',
      'examples/plans/invalid/unknown-dependency.yaml',
      'examples/plans/invalid/no-such-file.yaml',
    );
    assert.equal(run.code, 1);
    assert.deepEqual(run.stdout.trimEnd().split('\n'), [
      'examples/plans/web-launch.yaml: valid (40 items, 26 dependencies)',
      'examples/plans/invalid/unknown-dependency.yaml:11:26: error [unknown-dependency] item search-ui at items[1].dependsOn[1]: dependsOn names "search-index", which is neither an item id of this plan nor a Jira issue key such as PAY-123; did you mean "search-indexer"?',
      'examples/plans/invalid/unknown-dependency.yaml: invalid, 1 error; fix the errors above.',
      'examples/plans/invalid/no-such-file.yaml: error [file-not-found]: There is no file at examples/plans/invalid/no-such-file.yaml; check the path and try again.',
      'examples/plans/invalid/no-such-file.yaml: not checked, because the file could not be read.',
    ]);
  });
});

describe('projan plan validate', () => {
  it('prints warnings but still exits 0', async () => {
    const run = await projanInProcess('plan', 'validate', 'test/cli/fixtures/warnings.yaml');
    assert.equal(run.code, 0, run.stdout);
    assert.match(
      run.stdout,
      /:9:15: warning \[same-level-nesting\] item inner at items\[0\]\.children\[0\]\.type: /,
    );
    assert.match(run.stdout, /warnings\.yaml: valid \(2 items, 0 dependencies; 1 warning\)\n$/);
  });

  it('prints JSON results with --json', async () => {
    const run = await projanInProcess(
      'plan',
      'validate',
      '--json',
      'examples/plans/invalid/dependency-cycle.yaml',
    );
    assert.equal(run.code, 1);
    const [report] = JSON.parse(run.stdout) as Array<{
      valid: boolean;
      diagnostics: Array<{ code: string }>;
    }>;
    assert.equal(report?.valid, false);
    assert.deepEqual(
      report?.diagnostics.map((d) => d.code),
      ['dependency-cycle'],
    );
  });

  it('refuses a directory and an unknown format', async () => {
    const directory = await projanInProcess('plan', 'validate', 'examples');
    assert.equal(directory.code, 1);
    assert.match(
      directory.stdout,
      /^examples: error \[not-a-file\]: examples is a directory; give the path of a plan file\.$/m,
    );
    const usage = await projanInProcess('plan', 'validate', '--format', 'excel', 'x.yaml');
    assert.equal(usage.code, 1);
    assert.match(
      usage.stderr,
      /argument 'excel' is invalid\. Allowed choices are auto, projan, taskmaster, speckit, markdown/,
    );
  });
});

describe('projan plan show', () => {
  it('prints the tree, the counts and the dependency summary', async () => {
    const run = await projanInProcess('plan', 'show', 'examples/plans/web-launch.yaml');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Larkspur Coffee web shop relaunch (web-launch)');
    assert.ok(lines.includes('epic checkout: Checkout and payments (in progress)'));
    assert.ok(
      lines.includes(
        "│  ├─ task checkout-psp-integration: Integrate the payment provider's hosted card fields (in progress)",
      ),
    );
    assert.ok(lines.includes('└─ milestone launch-go-live: Go live: switch DNS to the new shop'));
    assert.ok(lines.includes('Items: 40 (4 epics, 11 stories, 19 tasks, 5 subtasks, 1 milestone)'));
    assert.ok(
      lines.includes('Dependencies: 26 (25 between items, 1 on existing Jira issues: WEB-1)'),
    );
    assert.ok(lines.includes('Longest dependency chain: 6 items, first to last:'));
    assert.ok(
      lines.includes(
        '  checkout-address-form -> checkout-payment -> checkout-confirmation -> accounts-signup -> accounts-subscriptions -> launch-go-live',
      ),
    );
  });

  it('shows an empty plan', async () => {
    const run = await projanInProcess('plan', 'show', 'test/cli/fixtures/empty.json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Nothing planned yet (empty)\n\nItems: none\nDependencies: none\n');
  });

  it('prints the normalised plan with --json', async () => {
    const run = await projanInProcess('plan', 'show', '--json', 'examples/plans/mobile-app.yaml');
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as {
      id: string;
      items: Array<{ id: string; priority: string; dependsOn: string[] }>;
    };
    assert.equal(plan.id, 'trailmate-2');
    assert.equal(plan.items.length, 6);
    assert.equal(plan.items[0]?.priority, 'high');
    assert.deepEqual(plan.items[4]?.dependsOn, [
      'offline-download',
      'tracking-share-link',
      'bug-resume-crash',
      'release-fastlane',
    ]);
  });

  it('exits 1 and prints the problems to stderr for an invalid plan', async () => {
    const run = await projanInProcess(
      'plan',
      'show',
      'examples/plans/invalid/self-dependency.yaml',
    );
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /self-dependency\.yaml:7:17: error \[self-dependency\] item invoice-pdf at items\[0\]\.dependsOn\[0\]: This item depends on itself/,
    );
  });
});
