import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withEngine } from '../helpers/db.ts';
import { type Client, PRIYA, type TestServer, withServer } from './harness.ts';

interface IssueTypeAnswer {
  id: string;
  name: string;
  hierarchyLevel: number;
  subtask: boolean;
}

/** Connects the workspace to the emulator's software site, consenting as Priya. */
async function connectAsPriya(server: TestServer, browser: Client, workspaceId: string) {
  const started = await browser.post(`/api/workspaces/${workspaceId}/integrations/jira/connect`);
  assert.equal(started.status, 200, started.text);
  const callback = await server.consent(started.json.authorizeUrl, PRIYA);
  const landed = await browser.get(`${callback.pathname}${callback.search}`);
  assert.match(landed.headers.location ?? '', /connected=1/);
}

const levels = (types: IssueTypeAnswer[]) =>
  Object.fromEntries(types.map((t) => [t.name, [t.hierarchyLevel, t.subtask]]));

test('a team member lists the issue types of WEB and MOB; unknown projects are 404', () =>
  withEngine('sqlite', (ctx) =>
    withServer(ctx, async (server) => {
      const admin = server.client();
      await admin.signUp('admin@example.com');
      const member = server.client();
      await member.signUp('member@example.com');
      const team = await admin.post('/api/teams', { name: 'Web team' });
      const teamId = team.json.workspace.id as string;
      const added = await admin.post(`/api/workspaces/${teamId}/members`, {
        email: 'member@example.com',
      });
      assert.equal(added.json.member.role, 'member');
      const path = (key: string) =>
        `/api/workspaces/${teamId}/integrations/jira/projects/${key}/issue-types`;

      const before = await member.get(path('WEB'));
      assert.equal(before.status, 409, before.text);
      assert.equal(before.json.code, 'not_connected');

      await connectAsPriya(server, admin, teamId);

      const web = await member.get(path('WEB'));
      assert.equal(web.status, 200, web.text);
      assert.deepEqual(levels(web.json.issueTypes), {
        Epic: [1, false],
        Story: [0, false],
        Task: [0, false],
        Bug: [0, false],
        'Sub-task': [-1, true],
      });
      for (const type of web.json.issueTypes as IssueTypeAnswer[]) {
        assert.deepEqual(Object.keys(type).sort(), ['hierarchyLevel', 'id', 'name', 'subtask']);
        assert.match(type.id, /^\d+$/);
      }

      const mob = await member.get(path('MOB'));
      assert.equal(mob.status, 200, mob.text);
      const subtask = (mob.json.issueTypes as IssueTypeAnswer[]).find((t) => t.name === 'Subtask');
      assert.deepEqual(subtask && [subtask.hierarchyLevel, subtask.subtask], [-1, true]);
      assert.equal(
        (mob.json.issueTypes as IssueTypeAnswer[]).some((t) => t.name === 'Sub-task'),
        false,
      );
      const webStory = (web.json.issueTypes as IssueTypeAnswer[]).find((t) => t.name === 'Story');
      const mobStory = (mob.json.issueTypes as IssueTypeAnswer[]).find((t) => t.name === 'Story');
      assert.notEqual(mobStory?.id, webStory?.id, 'a team-managed project has its own types');

      // SEC exists on the site, but only Ada may browse it.
      for (const key of ['SEC', 'NOPE']) {
        const hidden = await member.get(path(key));
        assert.equal(hidden.status, 404, `${key}: ${hidden.text}`);
        assert.equal(hidden.json.code, 'project_not_found');
        assert.equal(
          hidden.json.message,
          `The connected Jira account cannot see a project with key ${key}: it does not exist, or the account lacks the Browse projects permission in it.`,
        );
        assert.equal(hidden.json.guidance.length, 2);
      }

      const invalid = await member.get(path('web'));
      assert.equal(invalid.status, 400);
      assert.equal(invalid.json.code, 'invalid_request');
      assert.deepEqual(
        invalid.json.fields.map((f: { path: string }) => f.path),
        ['params.key'],
      );

      const outsider = server.client();
      await outsider.signUp('outsider@example.com');
      const foreign = await outsider.get(path('WEB'));
      assert.equal(foreign.status, 404);
      assert.equal(foreign.json.code, 'not_a_member');
    }),
  ));
