import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { withServer } from './harness.ts';

test('team admins manage members and roles; the last admin stays', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const admin = server.client();
      const { user: adminUser } = await admin.signUp('lead@example.com');
      const member = server.client();
      const { user: memberUser } = await member.signUp('dev@example.com');
      const team = await admin.post('/api/teams', { name: 'Shop' });
      const teamId = team.json.workspace.id as string;

      const nobody = await admin.post(`/api/workspaces/${teamId}/members`, {
        email: 'ghost@example.com',
      });
      assert.equal(nobody.status, 404);
      assert.equal(nobody.json.code, 'user_not_found');
      await admin.post(`/api/workspaces/${teamId}/members`, { email: 'dev@example.com' });
      const twice = await admin.post(`/api/workspaces/${teamId}/members`, {
        email: 'DEV@example.com',
      });
      assert.equal(twice.status, 409);
      assert.equal(twice.json.code, 'already_member');

      const byMember = await member.patch(`/api/workspaces/${teamId}/members/${adminUser.id}`, {
        role: 'member',
      });
      assert.equal(byMember.status, 403);
      assert.equal(byMember.json.code, 'forbidden');
      const lastAdmin = await admin.patch(`/api/workspaces/${teamId}/members/${adminUser.id}`, {
        role: 'member',
      });
      assert.equal(lastAdmin.status, 409);
      assert.equal(lastAdmin.json.code, 'last_admin');

      const promoted = await admin.patch(`/api/workspaces/${teamId}/members/${memberUser.id}`, {
        role: 'admin',
      });
      assert.equal(promoted.status, 204);
      const members = await member.get(`/api/workspaces/${teamId}/members`);
      assert.deepEqual(
        members.json.members.map((m: { email: string; role: string }) => [m.email, m.role]).sort(),
        [
          ['dev@example.com', 'admin'],
          ['lead@example.com', 'admin'],
        ],
      );
      const card = await member.get(`/api/workspaces/${teamId}/integrations/jira`);
      assert.equal(card.json.canManage, true, 'a promoted admin may connect Jira');

      const left = await admin.delete(`/api/workspaces/${teamId}/members/${adminUser.id}`);
      assert.equal(left.status, 204);
      const gone = await admin.get(`/api/workspaces/${teamId}/members`);
      assert.equal(gone.status, 404);
    }),
  ));

test('an API token limited to one workspace cannot reach another', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const browser = server.client();
      const { user } = await browser.signUp('scoped@example.com');
      const team = await browser.post('/api/teams', { name: 'Ops' });
      const teamId = team.json.workspace.id as string;
      const created = await browser.post('/api/tokens', { name: 'ops-ci', workspaceId: teamId });
      assert.equal(created.status, 201, created.text);

      const cli = server.client();
      cli.bearer = created.json.token;
      const listed = await cli.get('/api/workspaces');
      assert.deepEqual(
        listed.json.workspaces.map((w: { id: string }) => w.id),
        [teamId],
      );
      assert.equal((await cli.get(`/api/workspaces/${teamId}/plans`)).status, 200);
      const other = await cli.get(`/api/workspaces/${user.individualWorkspaceId}/plans`);
      assert.equal(other.status, 404);
      assert.equal(other.json.code, 'not_a_member');
      const wider = await cli.post('/api/tokens', { name: 'everything' });
      assert.equal(wider.status, 403);
      assert.equal(wider.json.code, 'forbidden');
    }),
  ));
