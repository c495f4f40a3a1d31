/**
 * Who is signed in and which workspace is open. The workspace choice is kept in the browser
 * (localStorage) so a reload reopens the same one; `?workspace=<id>` (the OAuth callback adds
 * it) switches to that workspace.
 */
import { createContext, useContext } from 'react';
import type { Account, WorkspaceView } from '../api/types.ts';

const STORAGE_KEY = 'projan.workspace';

/** The signed-in session as components see it. */
export interface Session {
  account: Account;
  workspace: WorkspaceView;
  switchWorkspace(id: string): void;
  /** Re-reads the account (after creating a team, for example). */
  reload(): Promise<void>;
  signOut(): Promise<void>;
}

/** The session context; only rendered when someone is signed in. */
export const SessionContext = createContext<Session | null>(null);

/** The current session. Throws outside a signed-in page, which is a programming error. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Picks the workspace to open: the requested one, the remembered one, else the first. */
export function chooseWorkspace(account: Account, requested: string | null): WorkspaceView {
  const byId = (id: string | null) => account.workspaces.find((w) => w.id === id);
  const chosen = byId(requested) ?? byId(readRemembered()) ?? account.workspaces[0];
  if (!chosen) throw new Error('an account always has its individual workspace');
  return chosen;
}

/** Remembers the open workspace for the next visit. */
export function rememberWorkspace(id: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Private windows may refuse storage; the choice then lasts until the reload.
  }
}

function readRemembered(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
