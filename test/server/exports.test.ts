import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { flattenItems } from '../../src/plan/graph.ts';
import type { Plan } from '../../src/plan/model.ts';
import { forEachEngine, withEngine } from '../helpers/db.ts';
import { type Client, PRIYA, type TestServer, withServer } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';

async function connectPriya(server: TestServer, browser: Client, ws: string): Promise<void> {
  const started = await browser.post(`/api/workspaces/${ws}/integrations/jira/connect`);
  const callback = await server.consent(started.json.authorizeUrl, PRIYA);
  const landed = await browser.get(`${callback.pathname}${callback.search}`);
  assert.match(landed.headers.location ?? '', /connected=1/);
}

/** Reads an SSE stream until it ends; returns the frames as {event, data}. */
async function readEvents(url: string, cookie: string) {
  const res = await fetch(url, { headers: { cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const text = await res.text();
  const frames = text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return {
        event: eventLine?.slice('event: '.length),
        data: JSON.parse(dataLine?.slice('data: '.length) ?? 'null'),
      };
    });
  return { frames };
}

forEachEngine(
  'plan upload: validation errors with positions, store, replace, list, delete',
  (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('planner@example.com');
      const ws = user.individualWorkspaceId;

      const invalidPath = 'examples/plans/invalid/unknown-dependency.yaml';
      const invalid = await browser.post(`/api/workspaces/${ws}/plans`, {
        fileName: 'unknown-dependency.yaml',
        content: await readFile(invalidPath, 'utf8'),
      });
      assert.equal(invalid.status, 422, invalid.text);
      assert.equal(invalid.json.code, 'invalid_plan');
      const problem = invalid.json.diagnostics.find(
        (d: { severity: string }) => d.severity === 'error',
      );
      assert.equal(problem.itemId, 'search-ui');
      assert.equal(problem.path, 'items[1].dependsOn[1]');
      assert.equal(problem.line, 11);
      assert.ok(problem.column > 0);

      const content = await readFile(WEB_LAUNCH, 'utf8');
      const first = await browser.post(`/api/workspaces/${ws}/plans`, {
        fileName: 'web-launch.yaml',
        content,
      });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.plan.planId, 'web-launch');
      assert.equal(first.json.plan.sourceFormat, 'projan');
      assert.equal(first.json.plan.version, 1);

      const again = await browser.post(`/api/workspaces/${ws}/plans`, {
        fileName: 'web-launch.yaml',
        content: content.replace('title: Larkspur Coffee web shop relaunch', 'title: Relaunch v2'),
      });
      assert.equal(again.status, 200);
      assert.equal(again.json.replaced, true);
      assert.equal(again.json.plan.version, 2);

      const list = await browser.get(`/api/workspaces/${ws}/plans`);
      assert.deepEqual(
        list.json.plans.map((p: { planId: string; title: string }) => [p.planId, p.title]),
        [['web-launch', 'Relaunch v2']],
      );
      const one = await browser.get(`/api/workspaces/${ws}/plans/web-launch`);
      assert.equal(one.status, 200);
      const plan = one.json.plan as Plan;
      const items = flattenItems(plan);
      assert.equal(one.json.graph.counts.items, items.length);
      const edges = items.reduce((n, e) => n + e.item.dependsOn.length, 0);
      assert.equal(one.json.graph.edges.length, edges);
      assert.ok(
        one.json.graph.nodes.some((n: { kind: string; id: string }) => n.kind === 'jira_issue'),
        'the existing WEB-1 issue is a node',
      );

      const markdown = await browser.post(`/api/workspaces/${ws}/plans`, {
        fileName: 'notes.md',
        content: '# Launch checklist\n\n- [ ] Write the press release\n- [ ] Book the venue\n',
      });
      assert.equal(markdown.status, 201, markdown.text);
      assert.equal(markdown.json.plan.sourceFormat, 'markdown');

      const deleted = await browser.delete(`/api/workspaces/${ws}/plans/web-launch`);
      assert.equal(deleted.status, 204);
      const missing = await browser.get(`/api/workspaces/${ws}/plans/web-launch`);
      assert.equal(missing.status, 404);
      assert.equal(missing.json.code, 'plan_not_found');
    }),
);

test('preflight, export, live events to finished, items with browse URLs, remembered assignees', () =>
  withEngine('sqlite', (ctx) =>
    withServer(
      ctx,
      async (server) => {
        const browser = server.client();
        const { user } = await browser.signUp('exporter@example.com');
        const ws = user.individualWorkspaceId;
        await connectPriya(server, browser, ws);
        const upload = await browser.post(`/api/workspaces/${ws}/plans`, {
          fileName: 'web-launch.yaml',
          content: await readFile(WEB_LAUNCH, 'utf8'),
        });
        assert.equal(upload.status, 201, upload.text);
        const count = (await browser.get(`/api/workspaces/${ws}/plans/web-launch`)).json.graph
          .counts.items as number;

        const badKey = await browser.post(`/api/workspaces/${ws}/plans/web-launch/preflight`, {
          projectKey: 'web launch',
        });
        assert.equal(badKey.status, 400);
        assert.equal(badKey.json.fields[0].path, 'body.projectKey');

        const report = await browser.post(`/api/workspaces/${ws}/plans/web-launch/preflight`, {
          projectKey: 'WEB',
        });
        assert.equal(report.status, 200, report.text);
        assert.equal(report.json.exportable, true, JSON.stringify(report.json.problems));
        assert.equal(report.json.counts.create, count);

        const remembered = await browser.put(`/api/workspaces/${ws}/plans/web-launch/assignees`, {
          assignees: [{ key: 'nobody@example.com', accountId: null }],
        });
        assert.equal(remembered.status, 200, remembered.text);

        const started = await browser.post(`/api/workspaces/${ws}/plans/web-launch/exports`, {
          projectKey: 'WEB',
          options: { assignees: { 'item:checkout': null } },
        });
        assert.equal(started.status, 202, started.text);
        const exportId = started.json.id as string;
        assert.equal(started.json.state, 'queued');

        const eventsUrl = `${server.url}/api/exports/${exportId}/events`;
        const [main, ...watchers] = await Promise.all(
          Array.from({ length: 150 }, () => readEvents(eventsUrl, browser.cookie ?? '')),
        );
        const frames = main?.frames ?? [];
        assert.ok(frames.length >= 2, JSON.stringify(frames));
        assert.equal(frames[0]?.event, 'progress');
        const last = frames.at(-1);
        assert.equal(last?.event, 'finished');
        assert.equal(last?.data.state, 'succeeded', JSON.stringify(last?.data));
        assert.equal(last?.data.summary.created, count);
        for (const watcher of watchers) {
          assert.equal(watcher.frames.at(-1)?.event, 'finished', 'every watcher sees the end');
        }

        const items = await browser.get(`/api/exports/${exportId}/items`);
        assert.equal(items.status, 200);
        assert.equal(items.json.items.length, count);
        for (const item of items.json.items) {
          assert.match(item.url, new RegExp(`/browse/${item.jiraKey}$`));
          assert.match(item.jiraKey, /^WEB-\d+$/);
        }

        const history = await browser.get(`/api/workspaces/${ws}/exports?planId=web-launch`);
        assert.deepEqual(
          history.json.exports.map((e: { id: string }) => e.id),
          [exportId],
        );
        const stored = await ctx.store.db
          .selectFrom('exports')
          .select('options')
          .where('id', '=', exportId)
          .executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(stored.options).assignees, {
          'nobody@example.com': null,
          'item:checkout': null,
        });
        const choices = await browser.get(`/api/workspaces/${ws}/plans/web-launch/assignees`);
        assert.deepEqual(
          choices.json.assignees.map((a: { key: string }) => a.key),
          ['item:checkout', 'nobody@example.com'],
        );

        const finishedStream = await readEvents(
          `${server.url}/api/exports/${exportId}/events`,
          browser.cookie ?? '',
        );
        assert.deepEqual(
          finishedStream.frames.map((f) => f.event),
          ['progress', 'finished'],
          'a finished export answers its state and closes',
        );

        const outsider = server.client();
        await outsider.signUp('outsider@example.com');
        for (const path of [`/api/exports/${exportId}`, `/api/exports/${exportId}/items`]) {
          const res = await outsider.get(path);
          assert.equal(res.status, 404);
          assert.equal(res.json.code, 'export_not_found');
        }
        const streamDenied = await fetch(`${server.url}/api/exports/${exportId}/events`, {
          headers: { cookie: outsider.cookie ?? '' },
        });
        assert.equal(streamDenied.status, 404);
      },
      { listen: true, worker: true },
    ),
  ));
