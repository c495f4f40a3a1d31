/**
 * The app: reads who is signed in (`GET /api/auth/me`), shows the sign-in pages to visitors and
 * the workspace pages to members, and keeps the chosen workspace.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setCsrfToken, toProblem } from '../api/client.ts';
import type { Account, Problem } from '../api/types.ts';
import { ProblemBox } from '../components/Problem.tsx';
import { AuthPage } from '../pages/auth/AuthPage.tsx';
import { Layout } from './Layout.tsx';
import { Routes } from './Routes.tsx';
import { navigate, useLinkInterception, useLocation } from './router.ts';
import { chooseWorkspace, rememberWorkspace, type Session, SessionContext } from './session.tsx';

/** The root component. */
export function App() {
  useLinkInterception();
  const { path, query } = useLocation();
  const [account, setAccount] = useState<Account | null>();
  const [problem, setProblem] = useState<Problem>();
  const [workspaceId, setWorkspaceId] = useState<string | null>(query.get('workspace'));

  const loadAccount = useCallback(async () => {
    try {
      const me = await api<Account>('GET', '/api/auth/me');
      setCsrfToken(me.csrfToken);
      setAccount(me);
      setProblem(undefined);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setAccount(null);
      else setProblem(toProblem(error));
    }
  }, []);

  useEffect(() => {
    void loadAccount();
  }, [loadAccount]);

  const requested = query.get('workspace');
  useEffect(() => {
    if (requested) setWorkspaceId(requested);
  }, [requested]);

  const session = useMemo<Session | null>(() => {
    if (!account) return null;
    const workspace = chooseWorkspace(account, workspaceId);
    return {
      account,
      workspace,
      switchWorkspace(id) {
        rememberWorkspace(id);
        setWorkspaceId(id);
      },
      reload: loadAccount,
      async signOut() {
        await api('POST', '/api/auth/signout', {});
        setCsrfToken(null);
        setAccount(null);
        navigate('/signin');
      },
    };
  }, [account, workspaceId, loadAccount]);

  useEffect(() => {
    if (session) rememberWorkspace(session.workspace.id);
  }, [session]);

  if (problem) {
    return (
      <main className="page narrow">
        <ProblemBox problem={problem} />
      </main>
    );
  }
  if (account === undefined) {
    return (
      <main className="page narrow" aria-busy="true">
        <p className="muted">Loading Projan…</p>
      </main>
    );
  }
  if (!session) {
    return (
      <AuthPage
        mode={path === '/signup' ? 'signup' : 'signin'}
        onSignedIn={(signedIn) => {
          setCsrfToken(signedIn.csrfToken);
          setAccount(signedIn);
          if (path === '/signin' || path === '/signup') navigate('/plans', { replace: true });
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <Routes path={path} query={query} />
      </Layout>
    </SessionContext.Provider>
  );
}
