/**
 * Whether `candidate` is one of the app's registered callback URLs. Atlassian compares the
 * callback exactly (OAUTH-DOC step 1); the one allowance is a `*` in the port of a loopback
 * registration (`http://localhost:*`, `http://127.0.0.1:*`), so tests can listen on free ports.
 */
export function isRegisteredRedirect(candidate: string, registered: readonly string[]): boolean {
  return registered.some((pattern) => matches(candidate, pattern));
}

function matches(candidate: string, pattern: string): boolean {
  if (candidate === pattern) return true;
  const wildcard = /^(https?):\/\/(localhost|127\.0\.0\.1):\*(\/.*)?$/.exec(pattern);
  if (!wildcard) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const [, scheme, host, path] = wildcard;
  const wantedPath = path ?? '/';
  const ownPath = candidate.slice(`${url.protocol}//${url.host}`.length) || '/';
  return (
    url.protocol === `${scheme}:` &&
    url.hostname === host &&
    url.port !== '' &&
    url.username === '' &&
    url.password === '' &&
    (path === undefined ? ownPath.startsWith('/') && url.hash === '' : ownPath === wantedPath)
  );
}
