import type { Kysely, Transaction } from 'kysely';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import type { AuditLog } from './audit.ts';
import { AccountError } from './errors.ts';
import {
  canExport,
  canManageConnection,
  canManageMembers,
  toWorkspace,
  type Workspace,
  type WorkspaceAccess,
} from './permissions.ts';
import { checkName, normalizeEmail } from './validation.ts';

/** A member of a workspace, for member lists. */
export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: 'admin' | 'member';
  joinedAt: number;
}

/** Workspaces, teams, members and the permission checks on them. */
export interface Workspaces {
  /** Every workspace the user belongs to with their role, individual first, then by name. */
  listWorkspaces(userId: string): Promise<WorkspaceAccess[]>;
  /**
   * The user's access to a workspace.
   *
   * @throws {AccountError} `not_a_member`, also when the workspace does not exist (so ids of
   *   other teams' workspaces cannot be probed).
   */
  access(userId: string, workspaceId: string): Promise<WorkspaceAccess>;
  /**
   * Whether the user may connect or disconnect Jira for the workspace ({@link canManageConnection});
   * false for non-members and unknown workspaces. Fits the connections core's permission port.
   */
  canManageConnection(userId: string, workspaceId: string): Promise<boolean>;
  /** Whether the user may see the connection status and export ({@link canExport}); false for non-members. */
  canExport(userId: string, workspaceId: string): Promise<boolean>;
  /** {@link access}, then throws `forbidden` unless {@link canManageConnection}. */
  requireManageConnection(userId: string, workspaceId: string): Promise<WorkspaceAccess>;
  /** {@link access}, then throws `forbidden` unless {@link canExport}. */
  requireExport(userId: string, workspaceId: string): Promise<WorkspaceAccess>;
  /** Creates a team workspace with the user as its first admin. */
  createTeam(userId: string, name: string): Promise<Workspace>;
  /** The members of a workspace the user belongs to, admins first. */
  listMembers(userId: string, workspaceId: string): Promise<Member[]>;
  /**
   * Adds an existing user to a team by email address (any letter case). Team admins only.
   *
   * @throws {AccountError} `not_a_member`, `not_a_team`, `forbidden`, `user_not_found`,
   *   `already_member`.
   */
  addMember(
    actorId: string,
    workspaceId: string,
    email: string,
    role?: 'admin' | 'member',
  ): Promise<Member>;
  /** Changes a member's role. Team admins only; the last admin cannot be demoted (`last_admin`). */
  changeRole(
    actorId: string,
    workspaceId: string,
    userId: string,
    role: 'admin' | 'member',
  ): Promise<void>;
  /**
   * Removes a member. Team admins may remove anyone; a member may remove themself (leave). The
   * last admin cannot be removed (`last_admin`).
   */
  removeMember(actorId: string, workspaceId: string, userId: string): Promise<void>;
}

/** Workspaces over the store's `workspaces` and `memberships` tables. */
export function createWorkspaces(deps: {
  db: Kysely<Database>;
  audit: AuditLog;
  now: () => number;
}): Workspaces {
  const { db, audit, now } = deps;

  const access = async (userId: string, workspaceId: string): Promise<WorkspaceAccess> => {
    const row = await db
      .selectFrom('memberships')
      .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
      .selectAll('workspaces')
      .select('memberships.role')
      .where('memberships.user_id', '=', userId)
      .where('memberships.workspace_id', '=', workspaceId)
      .executeTakeFirst();
    if (row === undefined) {
      throw new AccountError(
        'not_a_member',
        'You are not a member of this workspace. Ask one of its admins to add you.',
      );
    }
    return { userId, role: row.role, workspace: toWorkspace(row) };
  };

  const requireTeamAdmin = async (actorId: string, workspaceId: string) => {
    const a = await access(actorId, workspaceId);
    if (a.workspace.kind !== 'team') {
      throw new AccountError(
        'not_a_team',
        'Individual workspaces have no other members. Create a team to work with others.',
      );
    }
    if (!canManageMembers(a)) throw forbidden('Only a team admin can manage its members.');
    return a;
  };

  return {
    async listWorkspaces(userId) {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
        .selectAll('workspaces')
        .select('memberships.role')
        .where('memberships.user_id', '=', userId)
        .execute();
      return rows
        .map((row) => ({ userId, role: row.role, workspace: toWorkspace(row) }))
        .sort(
          (a, b) =>
            Number(a.workspace.kind === 'team') - Number(b.workspace.kind === 'team') ||
            a.workspace.name.localeCompare(b.workspace.name),
        );
    },

    access,

    async canManageConnection(userId, workspaceId) {
      const a = await access(userId, workspaceId).catch(notMember);
      return a !== undefined && canManageConnection(a);
    },

    async canExport(userId, workspaceId) {
      const a = await access(userId, workspaceId).catch(notMember);
      return a !== undefined && canExport(a);
    },

    async requireManageConnection(userId, workspaceId) {
      const a = await access(userId, workspaceId);
      if (!canManageConnection(a)) {
        throw forbidden(
          'Only a team admin can connect or disconnect Jira for this team. Ask an admin to do it.',
        );
      }
      return a;
    },

    async requireExport(userId, workspaceId) {
      const a = await access(userId, workspaceId);
      if (!canExport(a)) throw forbidden('You may not export to Jira from this workspace.');
      return a;
    },

    async createTeam(userId, name) {
      const teamName = checkName(name, 'team name');
      const at = now();
      const id = newId('wsp');
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('workspaces')
          .values({ id, kind: 'team', name: teamName, owner_user_id: null, created_at: at })
          .execute();
        await trx
          .insertInto('memberships')
          .values({ workspace_id: id, user_id: userId, role: 'admin', created_at: at })
          .execute();
      });
      await audit.record({
        workspaceId: id,
        actorUserId: userId,
        action: 'team_created',
        outcome: 'success',
      });
      return { id, kind: 'team', name: teamName, ownerUserId: null, createdAt: at };
    },

    async listMembers(userId, workspaceId) {
      await access(userId, workspaceId);
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'users.id as userId',
          'users.email',
          'users.display_name as displayName',
          'memberships.role',
          'memberships.created_at as joinedAt',
        ])
        .where('memberships.workspace_id', '=', workspaceId)
        .orderBy('memberships.role')
        .orderBy('users.email_normalized')
        .execute();
      return rows;
    },

    async addMember(actorId, workspaceId, email, role = 'member') {
      await requireTeamAdmin(actorId, workspaceId);
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'display_name'])
        .where('email_normalized', '=', normalizeEmail(email))
        .executeTakeFirst();
      if (user === undefined) {
        throw new AccountError(
          'user_not_found',
          'No Projan account uses this email address. Ask the person to sign up first, then add them again.',
        );
      }
      const at = now();
      const inserted = await db
        .insertInto('memberships')
        .values({ workspace_id: workspaceId, user_id: user.id, role, created_at: at })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        throw new AccountError('already_member', 'This person is already a member of the team.');
      }
      await audit.record({
        workspaceId,
        actorUserId: actorId,
        action: 'member_added',
        outcome: 'success',
        detail: { userId: user.id, role },
      });
      return {
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        role,
        joinedAt: at,
      };
    },

    async changeRole(actorId, workspaceId, userId, role) {
      await requireTeamAdmin(actorId, workspaceId);
      await db.transaction().execute(async (trx) => {
        const current = await lockedMember(trx, workspaceId, userId);
        if (current.role === 'admin' && role === 'member')
          await ensureAnotherAdmin(trx, workspaceId);
        await trx
          .updateTable('memberships')
          .set({ role })
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute();
      });
      await audit.record({
        workspaceId,
        actorUserId: actorId,
        action: 'role_changed',
        outcome: 'success',
        detail: { userId, role },
      });
    },

    async removeMember(actorId, workspaceId, userId) {
      if (actorId === userId) {
        const a = await access(actorId, workspaceId);
        if (a.workspace.kind !== 'team') {
          throw new AccountError('not_a_team', 'You cannot leave your individual workspace.');
        }
      } else {
        await requireTeamAdmin(actorId, workspaceId);
      }
      await db.transaction().execute(async (trx) => {
        const current = await lockedMember(trx, workspaceId, userId);
        if (current.role === 'admin') await ensureAnotherAdmin(trx, workspaceId);
        await trx
          .deleteFrom('memberships')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute();
      });
      await audit.record({
        workspaceId,
        actorUserId: actorId,
        action: 'member_removed',
        outcome: 'success',
        detail: { userId },
      });
    },
  };
}

// Reads the member's row, locking the team's membership rows on PostgreSQL so two admins
// demoting each other at once cannot leave the team without an admin. (SQLite serialises
// writers already.)
async function lockedMember(trx: Transaction<Database>, workspaceId: string, userId: string) {
  await trx
    .updateTable('workspaces')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', '=', workspaceId)
    .execute();
  const row = await trx
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new AccountError('not_found', 'This person is not a member of the team.');
  }
  return row;
}

async function ensureAnotherAdmin(trx: Transaction<Database>, workspaceId: string): Promise<void> {
  const { n } = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  if (Number(n) <= 1) {
    throw new AccountError(
      'last_admin',
      'A team needs at least one admin. Make another member an admin first.',
    );
  }
}

function notMember(error: unknown): undefined {
  if (error instanceof AccountError && error.code === 'not_a_member') return undefined;
  throw error;
}

function forbidden(message: string): AccountError {
  return new AccountError('forbidden', message);
}
