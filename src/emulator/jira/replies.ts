import type { JiraBehaviour, JiraReply } from '../contract.ts';

/** Jira's ErrorCollection envelope, used on every Jira 4xx (facts §4). */
export function errorReply(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
): JiraReply {
  return { status, body: { errorMessages, errors } };
}

/** A 200 (or other status) JSON reply with its points cost. */
export function ok(body: unknown, core = 0, identity = 0, status = 200): JiraReply {
  return { status, body, cost: { core, identity } };
}

/** An empty-bodied success such as 204 after an edit or 201 after linking. */
export function empty(status: number): JiraReply {
  return { status, cost: { core: 0, identity: 0 } };
}

/** The 404 that hides whether a project exists (facts §2.2, §4). */
export function projectNotFound(idOrKey: string): JiraReply {
  const what = /^\d+$/.test(idOrKey) ? 'id' : 'key';
  return errorReply(404, [`No project could be found with ${what} '${idOrKey}'.`]);
}

/**
 * The 404 that hides whether an issue exists (facts §2.17, §4). Its text is the observed one
 * whatever the wording switch says: no "work item" variant of it has been reported.
 */
export function issueNotFound(): JiraReply {
  return errorReply(404, ['Issue does not exist or you do not have permission to see it.']);
}

/** Replaces "issue" with the configured wording (Jira's 2025 rename to "work item"). */
export function word(behaviour: JiraBehaviour, text: string): string {
  if (behaviour.errorWording === 'issue') return text;
  return text
    .replaceAll('Issues', 'Work items')
    .replaceAll('issues', 'work items')
    .replaceAll('issue', 'work item');
}

/** Parses an integer query parameter, falling back when absent or malformed. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) ? n : fallback;
}

/** Reads a comma-separated or repeated query parameter into a list. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** Narrows unknown JSON to a plain object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
