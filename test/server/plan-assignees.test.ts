/**
 * `PUT /api/workspaces/:id/plans/:planId/assignees` replaces the remembered choices: what the
 * body lists is what the plan remembers afterwards, and an empty list forgets them all.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { forEachEngine } from '../helpers/db.ts';
import { type Client, withServer } from './harness.ts';

const WEB_LAUNCH = 'examples/plans/web-launch.yaml';

async function remembered(browser: Client, path: string): Promise<unknown> {
  const answer = await browser.get(path);
  assert.equal(answer.status, 200, answer.text);
  return answer.json.assignees;
}

forEachEngine(
  'PUT plan assignees replaces the remembered choices; an empty list clears them',
  (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('planner@example.com');
      const ws = user.individualWorkspaceId;
      const upload = await browser.post(`/api/workspaces/${ws}/plans`, {
        fileName: 'web-launch.yaml',
        content: await readFile(WEB_LAUNCH, 'utf8'),
      });
      assert.equal(upload.status, 201, upload.text);
      const path = `/api/workspaces/${ws}/plans/web-launch/assignees`;

      const first = await browser.put(path, {
        assignees: [
          { key: 'alice@example.com', accountId: 'acc-1', displayName: 'Ada' },
          { key: 'item:checkout-payment', accountId: null },
        ],
      });
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.json.assignees, [
        { key: 'alice@example.com', accountId: 'acc-1', displayName: 'Ada' },
        { key: 'item:checkout-payment', accountId: null, displayName: null },
      ]);

      const second = await browser.put(path, {
        assignees: [{ key: 'bob@example.com', accountId: 'acc-2' }],
      });
      assert.equal(second.status, 200, second.text);
      const onlyBob = [{ key: 'bob@example.com', accountId: 'acc-2', displayName: null }];
      assert.deepEqual(second.json.assignees, onlyBob, 'choices left out are forgotten');
      assert.deepEqual(await remembered(browser, path), onlyBob);

      const cleared = await browser.put(path, { assignees: [] });
      assert.equal(cleared.status, 200, cleared.text);
      assert.deepEqual(cleared.json.assignees, []);
      assert.deepEqual(await remembered(browser, path), []);
      const plan = await browser.get(`/api/workspaces/${ws}/plans/web-launch`);
      assert.deepEqual(plan.json.assignees, [], 'the plan no longer preloads them either');
    }),
);
