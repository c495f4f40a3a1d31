import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectLocalWorkspace, runExport, SMALL_PLAN, withCliWorld } from './export-harness.ts';

const WRITE_PATHS = /^\/ex\/jira\/[^/]+\/rest\/api\/3\/(issue|issue\/bulk|issueLink)$/;

test('projan export on the local data directory: dry run, export, no-op re-export', {
  timeout: 60_000,
}, async () => {
  await withCliWorld(async (world) => {
    await connectLocalWorkspace(world);
    const plan = world.file('plan.yaml', SMALL_PLAN);
    const before = (await world.issues()).length;

    const dry = await runExport(world.env, plan, '--project', 'WEB', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    const lines = dry.stdout.trimEnd().split('\n');
    assert.match(
      lines[0] ?? '',
      /^Preflight of WEB \(.+\) as Priya Lead: nothing was written to Jira\.$/,
    );
    assert.deepEqual(
      lines.slice(1, 4).map((line) => line.trim().split(/\s+/).slice(0, 3)),
      [
        ['create', 'Epic', 'cli-checkout:'],
        ['create', 'Story', 'cli-cart:'],
        ['create', 'Story', 'cli-pay:'],
      ],
    );
    assert.ok(
      lines.includes('To create 3, to update 0, unchanged 0, 1 link to add, 0 transitions.'),
    );
    assert.equal(lines.at(-1), 'Ready to export: run the same command without --dry-run.');
    assert.equal((await world.issues()).length, before, 'the dry run created nothing');
    assert.ok(
      !(await world.requests()).some((r) => r.method !== 'GET' && WRITE_PATHS.test(r.path)),
      'the dry run sent no write to Jira',
    );

    const dryJson = await runExport(world.env, plan, '--project', 'WEB', '--dry-run', '--json');
    assert.equal(dryJson.code, 0, dryJson.stderr);
    const report = JSON.parse(dryJson.stdout);
    assert.equal(report.exportable, true);
    assert.deepEqual(report.counts, {
      create: 3,
      update: 0,
      unchanged: 0,
      links: 1,
      transitions: 0,
    });
    assert.deepEqual(
      report.items.map((item: { itemId: string; action: string }) => [item.itemId, item.action]),
      [
        ['cli-checkout', 'create'],
        ['cli-cart', 'create'],
        ['cli-pay', 'create'],
      ],
    );

    const first = await runExport(world.env, plan, '--project', 'WEB');
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stderr,
      /^Exporting "CLI shop" to WEB on https?:\/\/\S+ \(export exp_\S+, workspace Operator\)\.$/m,
    );
    assert.match(
      first.stderr,
      /^Creating issues 0\/4$/m,
      'plain progress lines when not on a terminal',
    );
    const out = first.stdout.trimEnd().split('\n');
    assert.match(out[0] ?? '', /^Export exp_\S+ of "CLI shop" to WEB: succeeded in [\d.]+ s\.$/);
    assert.equal(out[1], 'Created 3, updated 0, unchanged 0, failed 0, blocked 0, 1 link.');
    assert.equal(out[2], 'Issues:');
    const created = await world.issues();
    const ours = created.filter((issue) => issue.summary.startsWith('CLI '));
    assert.equal(ours.length, 3, 'Jira now holds the three issues');
    for (const issue of ours) {
      const line = out.find((l) => l.trim().startsWith(`${issue.key} `));
      assert.ok(line, `the report lists ${issue.key}`);
      assert.match(line, new RegExp(`/browse/${issue.key}$`));
    }
    const cart = ours.find((issue) => issue.summary === 'CLI cart story');
    const pay = ours.find((issue) => issue.summary === 'CLI pay story');
    const epic = ours.find((issue) => issue.summary === 'CLI checkout epic');
    assert.equal(epic?.type, 'Epic');
    assert.equal(cart?.parent, epic?.key);
    assert.ok(
      pay?.links.some(
        (link) =>
          link.type === 'Blocks' && link.direction === 'is blocked by' && link.key === cart?.key,
      ),
      'pay is blocked by cart',
    );

    const again = await runExport(world.env, plan, '--project', 'WEB', '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '', '--json prints no progress');
    const result = JSON.parse(again.stdout);
    assert.equal(result.export.state, 'succeeded');
    assert.equal(result.export.summary.created, 0);
    assert.equal(result.export.summary.unchanged, 3);
    assert.deepEqual(
      result.items.map((item: { itemId: string; state: string; jiraKey: string }) => [
        item.itemId,
        item.state,
        item.jiraKey,
      ]),
      [
        ['cli-checkout', 'unchanged', epic?.key],
        ['cli-cart', 'unchanged', cart?.key],
        ['cli-pay', 'unchanged', pay?.key],
      ],
    );
    assert.equal((await world.issues()).length, created.length, 'nothing was duplicated');
  });
});

test('projan export reports preflight errors, unknown and unconnected workspaces, bad plans', {
  timeout: 60_000,
}, async () => {
  await withCliWorld(async (world) => {
    const plan = world.file('plan.yaml', SMALL_PLAN);
    const noData = await runExport(world.env, plan, '--project', 'WEB');
    assert.equal(noData.code, 1);
    assert.match(noData.stderr, /^There is no Projan database in \S+data\.$/m);

    const { teamId } = await connectLocalWorkspace(world);

    const missing = await runExport(world.env, 'no-such-plan.yaml', '--project', 'WEB');
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr,
      'There is no file at no-such-plan.yaml; check the path and try again.\n',
    );

    const invalid = world.file('invalid.yaml', SMALL_PLAN.replace('[cli-cart]', '[cli-carts]'));
    const bad = await runExport(world.env, invalid, '--project', 'WEB');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid\.yaml:\d+:\d+: error \[unknown-dependency\] item cli-pay/);
    assert.match(bad.stderr, /the plan has 1 error; fix it and run the command again\.$/m);

    const unknown = await runExport(world.env, plan, '--project', 'WEB', '--workspace', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^There is no workspace "nope" in this data directory\.$/m);
    assert.match(unknown.stderr, /\(Ops team\)/);

    const team = await runExport(world.env, plan, '--project', 'WEB', '--workspace', teamId);
    assert.equal(team.code, 1);
    assert.match(team.stderr, /^Jira is not connected to this workspace\.$/m);

    const byName = await runExport(
      world.env,
      plan,
      '--project',
      'WEB',
      '--workspace',
      'ops TEAM',
      '--json',
    );
    assert.equal(byName.code, 1);
    assert.deepEqual(JSON.parse(byName.stdout).error.code, 'not_connected');

    const invalidJson = await runExport(world.env, invalid, '--project', 'WEB', '--json');
    assert.equal(invalidJson.code, 1);
    const invalidBody = JSON.parse(invalidJson.stdout).error;
    assert.equal(invalidBody.code, 'invalid_plan');
    assert.deepEqual(
      invalidBody.diagnostics.map((d: { code: string; itemId: string }) => [d.code, d.itemId]),
      [['unknown-dependency', 'cli-pay']],
    );

    const nope = await runExport(world.env, plan, '--project', 'NOPE', '--dry-run');
    assert.equal(nope.code, 1);
    assert.match(
      nope.stdout,
      /^ {2}- Project NOPE does not exist, or the connected Jira account Priya Lead \(5f1a2b3c4d5e6f7a8b9c0d02\) cannot see it\./m,
    );
    assert.match(
      nope.stdout,
      /^Not exportable: fix the errors above, then run the preflight again\.$/m,
    );

    const failed = await runExport(world.env, plan, '--project', 'NOPE');
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^Export exp_\S+ of "CLI shop" to NOPE: failed/m);
    assert.match(failed.stdout, /^Errors:\n {2}- Project NOPE does not exist/m);
    assert.equal((await world.issues()).filter((i) => i.summary.startsWith('CLI ')).length, 0);

    const partial = await runExport(world.env, plan, '--project', 'OPS');
    assert.equal(partial.code, 1, 'a partial export exits 1');
    const partialLines = partial.stdout.trimEnd().split('\n');
    assert.match(partialLines[0] ?? '', /^Export exp_\S+ of "CLI shop" to OPS: partial in/);
    assert.equal(
      partialLines[1],
      'Created 1, updated 0, unchanged 0, failed 0, blocked 2, 0 links.',
    );
    assert.deepEqual(partialLines.slice(-6), [
      'Failures:',
      '  cli-cart (Story, blocked): Not sent: see the preflight errors for this item.',
      '  cli-pay (Story, blocked): Not sent: see the preflight errors for this item.',
      'Errors:',
      '  - The Story create screen requires "Team" (customfield_10030), which the plan cannot fill. Ask a project admin to make it optional or give it a default value, or map these items to another issue type. (items: cli-cart, cli-pay)',
      'To fix: correct what the messages above name, in the plan or in the Jira project’s configuration, then run the same command again; issues already created are updated, never duplicated.',
    ]);
    const usage = await runExport(world.env, plan);
    assert.equal(usage.code, 2, 'a missing --project is a usage error');
    const noToken = await runExport(
      { ...world.env },
      plan,
      '--project',
      'WEB',
      '--server',
      'http://127.0.0.1:9',
    );
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /--server needs an API token/);
  });
});

test('without --workspace, several connected workspaces are listed to choose from', {
  timeout: 60_000,
}, async () => {
  await withCliWorld(async (world) => {
    const { workspaceId, teamId } = await connectLocalWorkspace(world, { connectTeam: true });
    const plan = world.file('plan.yaml', SMALL_PLAN);
    const several = await runExport(world.env, plan, '--project', 'WEB', '--dry-run');
    assert.equal(several.code, 1);
    const lines = several.stderr.trimEnd().split('\n');
    assert.equal(
      lines[0],
      '2 workspaces have a live Jira connection; choose one with --workspace.',
    );
    assert.match(lines[1] ?? '', new RegExp(`${workspaceId} \\(Operator, Jira http`));
    assert.match(lines[1] ?? '', new RegExp(`${teamId} \\(Ops team, Jira http`));

    const chosen = await runExport(
      world.env,
      plan,
      '--project',
      'WEB',
      '--dry-run',
      '--workspace',
      'Ops team',
    );
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(chosen.stdout, /^Ready to export/m);
  });
});
