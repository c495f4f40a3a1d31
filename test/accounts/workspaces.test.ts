import assert from 'node:assert/strict';
import {
  AccountError,
  canExport,
  canManageConnection,
  type WorkspaceAccess,
} from '../../src/accounts/index.ts';
import { forEachEngine } from '../helpers/db.ts';
import { signUp, testAccounts } from './helpers.ts';

function rejectsWith(code: string, message?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AccountError, `expected AccountError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  };
}

forEachEngine('an admin builds a team; roles decide who may connect', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const bob = await signUp(accounts, 'bob@example.com');
  const team = await accounts.workspaces.createTeam(ada.id, ' Platform ');
  assert.equal(team.name, 'Platform');
  assert.equal(team.kind, 'team');

  const added = await accounts.workspaces.addMember(ada.id, team.id, 'BOB@example.com');
  assert.equal(added.userId, bob.id);
  assert.equal(added.role, 'member');

  const adaAccess = await accounts.workspaces.access(ada.id, team.id);
  const bobAccess = await accounts.workspaces.access(bob.id, team.id);
  assert.equal(canManageConnection(adaAccess), true);
  assert.equal(canManageConnection(bobAccess), false);
  assert.equal(canExport(bobAccess), true);
  await assert.rejects(
    accounts.workspaces.requireManageConnection(bob.id, team.id),
    rejectsWith(
      'forbidden',
      'Only a team admin can connect or disconnect Jira for this team. Ask an admin to do it.',
    ),
  );
  assert.equal((await accounts.workspaces.requireExport(bob.id, team.id)).role, 'member');
  assert.equal(await accounts.workspaces.canManageConnection(ada.id, team.id), true);
  assert.equal(await accounts.workspaces.canManageConnection(bob.id, team.id), false);
  assert.equal(await accounts.workspaces.canExport(bob.id, team.id), true);

  const bobs = await accounts.workspaces.listWorkspaces(bob.id);
  assert.deepEqual(
    bobs.map((a) => [a.workspace.kind, a.workspace.name, a.role]),
    [
      ['individual', 'bob', 'admin'],
      ['team', 'Platform', 'member'],
    ],
  );
  const members = await accounts.workspaces.listMembers(bob.id, team.id);
  assert.deepEqual(
    members.map((m) => [m.email, m.role]),
    [
      ['ada@example.com', 'admin'],
      ['bob@example.com', 'member'],
    ],
  );
  const log = await accounts.audit.list(team.id);
  assert.deepEqual(
    log.map((e) => [e.action, e.actorUserId, e.detail]),
    [
      ['member_added', ada.id, { userId: bob.id, role: 'member' }],
      ['team_created', ada.id, {}],
    ],
  );
});

forEachEngine(
  'the owner of an individual workspace may connect; others are not members',
  async ({ store }) => {
    const accounts = testAccounts(store);
    const ada = await signUp(accounts, 'ada@example.com');
    const eve = await signUp(accounts, 'eve@example.com');
    const own = await accounts.workspaces.requireManageConnection(
      ada.id,
      ada.individualWorkspaceId,
    );
    assert.equal(own.workspace.ownerUserId, ada.id);

    const message = 'You are not a member of this workspace. Ask one of its admins to add you.';
    await assert.rejects(
      accounts.workspaces.requireManageConnection(eve.id, ada.individualWorkspaceId),
      rejectsWith('not_a_member', message),
    );
    await assert.rejects(
      accounts.workspaces.requireExport(eve.id, 'wsp_nonexistent'),
      rejectsWith('not_a_member', message),
    );
    await assert.rejects(
      accounts.workspaces.listMembers(eve.id, ada.individualWorkspaceId),
      rejectsWith('not_a_member'),
    );
    await assert.rejects(
      accounts.workspaces.addMember(ada.id, ada.individualWorkspaceId, 'eve@example.com'),
      rejectsWith('not_a_team'),
    );
    // An owner of an individual workspace is its admin, but a forged access object for a
    // non-owner does not grant connection rights.
    const forged: WorkspaceAccess = { ...own, userId: eve.id };
    assert.equal(canManageConnection(forged), false);
  },
);

forEachEngine(
  'adding members: unknown address, duplicates, members cannot add',
  async ({ store }) => {
    const accounts = testAccounts(store);
    const ada = await signUp(accounts, 'ada@example.com');
    const bob = await signUp(accounts, 'bob@example.com');
    await signUp(accounts, 'cy@example.com');
    const team = await accounts.workspaces.createTeam(ada.id, 'Platform');
    await assert.rejects(
      accounts.workspaces.addMember(ada.id, team.id, 'ghost@example.com'),
      rejectsWith(
        'user_not_found',
        'No Projan account uses this email address. Ask the person to sign up first, then add them again.',
      ),
    );
    await accounts.workspaces.addMember(ada.id, team.id, 'bob@example.com');
    await assert.rejects(
      accounts.workspaces.addMember(ada.id, team.id, 'bob@example.com', 'admin'),
      rejectsWith('already_member', 'This person is already a member of the team.'),
    );
    await assert.rejects(
      accounts.workspaces.addMember(bob.id, team.id, 'cy@example.com'),
      rejectsWith('forbidden', 'Only a team admin can manage its members.'),
    );
    assert.equal((await accounts.workspaces.listMembers(ada.id, team.id)).length, 2);
  },
);

forEachEngine('the last admin can be neither demoted nor removed', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const bob = await signUp(accounts, 'bob@example.com');
  const team = await accounts.workspaces.createTeam(ada.id, 'Platform');
  await accounts.workspaces.addMember(ada.id, team.id, 'bob@example.com');

  const lastAdmin = 'A team needs at least one admin. Make another member an admin first.';
  await assert.rejects(
    accounts.workspaces.removeMember(ada.id, team.id, ada.id),
    rejectsWith('last_admin', lastAdmin),
  );
  await assert.rejects(
    accounts.workspaces.changeRole(ada.id, team.id, ada.id, 'member'),
    rejectsWith('last_admin', lastAdmin),
  );

  await accounts.workspaces.changeRole(ada.id, team.id, bob.id, 'admin');
  assert.equal(canManageConnection(await accounts.workspaces.access(bob.id, team.id)), true);
  await accounts.workspaces.removeMember(bob.id, team.id, ada.id);
  await assert.rejects(accounts.workspaces.access(ada.id, team.id), rejectsWith('not_a_member'));
  await assert.rejects(
    accounts.workspaces.removeMember(bob.id, team.id, bob.id),
    rejectsWith('last_admin'),
  );
  await assert.rejects(
    accounts.workspaces.removeMember(bob.id, team.id, ada.id),
    rejectsWith('not_found'),
  );

  const actions = (await accounts.audit.list(team.id)).map((e) => e.action);
  assert.deepEqual(actions, ['member_removed', 'role_changed', 'member_added', 'team_created']);
});

forEachEngine('a member may leave a team but not their individual workspace', async ({ store }) => {
  const accounts = testAccounts(store);
  const ada = await signUp(accounts, 'ada@example.com');
  const bob = await signUp(accounts, 'bob@example.com');
  const team = await accounts.workspaces.createTeam(ada.id, 'Platform');
  await accounts.workspaces.addMember(ada.id, team.id, 'bob@example.com');
  await accounts.workspaces.removeMember(bob.id, team.id, bob.id);
  assert.equal((await accounts.workspaces.listWorkspaces(bob.id)).length, 1);
  await assert.rejects(
    accounts.workspaces.removeMember(bob.id, bob.individualWorkspaceId, bob.id),
    rejectsWith('not_a_team', 'You cannot leave your individual workspace.'),
  );
});
