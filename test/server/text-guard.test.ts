import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { withServer } from './harness.ts';

test('a NUL character in a request is a 400 naming the field, not a database error (PostgreSQL refuses it)', () =>
  withEngine('postgres', (ctx) =>
    withServer(ctx, async (server) => {
      const client = server.client();
      const { workspaces } = await client.signUp('nul@example.com');
      const workspaceId = workspaces[0]?.id as string;

      const team = await client.post('/api/teams', { name: 'Shop\u0000' });
      assert.equal(team.status, 400);
      assert.equal(team.json.code, 'invalid_text');
      assert.equal(
        team.json.message,
        'The field name holds a NUL character (U+0000); remove it and send the request again.',
      );

      const plan = await client.post(`/api/workspaces/${workspaceId}/plans`, {
        fileName: 'plan.yaml',
        content: 'id: p\ntitle: P\nitems:\n  - id: "a\\0b"\n    type: task\n    title: T\n',
      });
      assert.equal(plan.status, 422);
      const problem = plan.json.diagnostics.find(
        (d: { code: string }) => d.code === 'control-character',
      );
      assert.equal(problem?.path, 'items[0].id');
      assert.equal(problem?.line, 4);
    }),
  ));
