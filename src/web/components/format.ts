/** How dates and counts read on the page. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An epoch-millisecond time as a local date and time, or a dash. */
export function formatTime(ms: number | null | undefined): string {
  return typeof ms === 'number' ? DATE_TIME.format(new Date(ms)) : '—';
}

/** "3 items", "1 item". */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** Seconds until `untilMs`, at least 0. */
export function secondsUntil(untilMs: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((untilMs - now) / 1000));
}
