/** Sign in and sign up: one form each, with the server's message when it refuses. */
import { useState } from 'react';
import { api, toProblem } from '../../api/client.ts';
import type { Account, Problem } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { ProblemBox } from '../../components/Problem.tsx';

/** The page shown to visitors. */
export function AuthPage({
  mode,
  onSignedIn,
}: {
  mode: 'signin' | 'signup';
  onSignedIn(account: Account): void;
}) {
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    if (signup) body.displayName = String(form.get('displayName') ?? '');
    setBusy(true);
    try {
      onSignedIn(
        await api<Account>('POST', signup ? '/api/auth/signup' : '/api/auth/signin', body),
      );
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="page narrow auth">
      <p className="brand brand-large">Projan</p>
      <p className="muted">Export project plans to Jira Cloud as epics, stories and tasks.</p>
      <section className="card">
        <h1>{signup ? 'Create your account' : 'Sign in'}</h1>
        {problem ? <ProblemBox problem={problem} /> : null}
        <form className="form" onSubmit={(event) => void submit(event)}>
          {signup ? (
            <label className="field">
              <span>Your name</span>
              <input name="displayName" autoComplete="name" required maxLength={100} />
            </label>
          ) : null}
          <label className="field">
            <span>Email</span>
            <input name="email" type="email" autoComplete="email" required maxLength={320} />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={signup ? 'new-password' : 'current-password'}
              required
              minLength={signup ? 10 : 1}
            />
            {signup ? <small className="hint">At least 10 characters.</small> : null}
          </label>
          <button type="submit" className="button button-primary" disabled={busy}>
            {signup ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p>
          {signup ? 'Already have an account? ' : 'New to Projan? '}
          <a
            href={signup ? '/signin' : '/signup'}
            onClick={(event) => {
              event.preventDefault();
              setProblem(undefined);
              navigate(signup ? '/signin' : '/signup');
            }}
          >
            {signup ? 'Sign in' : 'Create an account'}
          </a>
        </p>
      </section>
    </main>
  );
}
