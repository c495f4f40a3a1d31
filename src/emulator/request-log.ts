/** One served request. Paths only: query strings (OAuth `code`, `state`) and tokens never. */
export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  cloudId?: string;
  accountId?: string;
  operation?: string;
  points: number;
  /** The injected fault or limit, e.g. `reset`, `timeout`, `503`, `jira-burst-based`. */
  fault?: string;
}

const MAX_ENTRIES = 5_000;

/** The request log behind `GET /_emulator/requests`, with totals that survive trimming. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private perSite = new Map<string, { count: number; points: number }>();
  private total = 0;

  add(entry: LoggedRequest): void {
    this.total++;
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
    if (entry.cloudId === undefined) return;
    const site = this.perSite.get(entry.cloudId) ?? { count: 0, points: 0 };
    site.count++;
    site.points += entry.points;
    this.perSite.set(entry.cloudId, site);
  }

  /** Totals per site and the latest entries (at most 5,000). */
  view() {
    return {
      total: this.total,
      sites: Object.fromEntries(this.perSite),
      entries: [...this.entries],
    };
  }
}
