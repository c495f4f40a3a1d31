/**
 * Reading the emulator's request log during a case. The log keeps only its last 5,000 entries,
 * so a recorder polls it while a case runs and keeps every entry; totals come from the log's
 * per-site counters, which never trim.
 */

/** One request as the emulator logged it (path only, never a query, body or token). */
export interface LogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  cloudId?: string;
  operation?: string;
  points: number;
  fault?: string;
}

interface LogView {
  total: number;
  sites: Record<string, { count: number; points: number }>;
  entries: LogEntry[];
}

async function readLog(emulatorUrl: string): Promise<LogView> {
  const res = await fetch(`${emulatorUrl}/_emulator/requests`);
  if (!res.ok) throw new Error(`GET /_emulator/requests answered ${res.status}`);
  return (await res.json()) as LogView;
}

/** Keeps every logged request from `start()` on. */
export class RequestRecorder {
  readonly entries: LogEntry[] = [];
  #seen = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> = Promise.resolve();
  #site: { count: number; points: number } = { count: 0, points: 0 };

  constructor(
    readonly emulatorUrl: string,
    readonly siteId: string,
  ) {}

  /** Marks the current end of the log; later entries are recorded. */
  async start(pollMs = 1_000): Promise<void> {
    const view = await readLog(this.emulatorUrl);
    this.#seen = view.total;
    this.#site = view.sites[this.siteId] ?? { count: 0, points: 0 };
    this.#timer = setInterval(() => {
      this.#polling = this.#polling.then(async () => {
        await this.#poll();
      });
    }, pollMs);
  }

  async #poll(): Promise<LogView> {
    const view = await readLog(this.emulatorUrl);
    const fresh = view.total - this.#seen;
    if (fresh > view.entries.length) {
      throw new Error(`the request log trimmed ${fresh - view.entries.length} entries unseen`);
    }
    this.entries.push(...view.entries.slice(view.entries.length - fresh));
    this.#seen = view.total;
    return view;
  }

  /** Stops polling; returns the site's request count and points since `start()`. */
  async stop(): Promise<{ requests: number; points: number }> {
    clearInterval(this.#timer);
    await this.#polling;
    const view = await this.#poll();
    const site = view.sites[this.siteId] ?? { count: 0, points: 0 };
    return { requests: site.count - this.#site.count, points: site.points - this.#site.points };
  }
}

/** Requests and points per operation (`POST /rest/api/3/issue/bulk`). */
export function byOperation(entries: readonly LogEntry[]) {
  const out: Record<string, { requests: number; points: number }> = {};
  for (const entry of entries) {
    const key = entry.operation ?? `${entry.method} ${entry.path}`;
    const slot = out[key] ?? { requests: 0, points: 0 };
    out[key] = slot;
    slot.requests++;
    slot.points += entry.points;
  }
  return out;
}

/** Requests, points and seconds per export phase, given when each phase began (epoch ms). */
export function byPhase(
  entries: readonly LogEntry[],
  phases: readonly { phase: string; at: number }[],
  ended: number,
) {
  const out: Record<string, { requests: number; points: number; seconds: number }> = {};
  phases.forEach((phase, index) => {
    if (phase.phase === 'finished') return;
    const until = phases[index + 1]?.at ?? ended;
    const slot = out[phase.phase] ?? { requests: 0, points: 0, seconds: 0 };
    out[phase.phase] = slot;
    slot.seconds += (until - phase.at) / 1000;
    for (const entry of entries) {
      const at = Date.parse(entry.at);
      if (at >= phase.at && at < until) {
        slot.requests++;
        slot.points += entry.points;
      }
    }
  });
  return out;
}
