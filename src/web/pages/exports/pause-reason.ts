/**
 * A rate-limit pause in plain words. Jira names the limit it hit in `RateLimit-Reason`; Projan
 * passes that name on (or its own rule's name when Jira gave none).
 * https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */
const REASONS: Array<[prefix: string, words: string]> = [
  ['jira-quota-', 'the Jira site’s request quota for this hour is used up'],
  ['jira-burst-based', 'too many requests to Jira in a short burst'],
  ['jira-per-issue-on-write', 'too many changes to one issue in a short time'],
];

/** What the user reads after “Paused:”. */
export function pauseReason(reason: string): string {
  const known = REASONS.find(([prefix]) => reason.startsWith(prefix));
  return known ? `${known[1]} (${reason})` : reason;
}
