/**
 * The OAuth callback sends the browser back with `?error=<code>` only (a URL must not carry the
 * wording). The words come from the same catalogue the server and the CLI use, so the page says
 * exactly what `projan` would say.
 */
import { catalogue, type ErrorCode } from '../../../errors/catalogue.ts';
import type { Problem } from '../../api/types.ts';

// Entries whose wording needs details the callback URL does not carry.
const NEEDS_PARAMS = new Set<string>([
  'permission_denied',
  'missing_issue_types',
  'site_not_accessible',
]);

/** The problem of a callback error code; unknown codes get a neutral sentence. */
export function callbackProblem(code: string): Problem {
  if (Object.hasOwn(catalogue, code) && !NEEDS_PARAMS.has(code)) {
    // The guard above leaves only entries whose wording takes no parameters.
    const entry = catalogue[code as ErrorCode] as {
      message(params: Record<string, never>): string;
      guidance(params: Record<string, never>): string[];
    };
    return { code, message: entry.message({}), guidance: entry.guidance({}) };
  }
  return {
    code,
    message: 'The Jira connection could not be completed.',
    guidance: ['Go to Settings > Integrations > Jira and click “Connect Jira” to start again.'],
  };
}
