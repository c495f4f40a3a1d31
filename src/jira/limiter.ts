/**
 * Shared pacing state of one client: a small semaphore bounding concurrent requests, and gates
 * (site, endpoint, issue) that hold requests back until a rate-limit window has passed. Atlassian
 * asks clients to share rate-limit state and not to use concurrency to get around limits
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/).
 */

/** A counting semaphore; `acquire` resolves with the function that releases the slot. */
export class Semaphore {
  readonly #waiters: Array<() => void> = [];
  #free: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be an integer >= 1');
    this.#free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.#free > 0) {
      this.#free -= 1;
    } else {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#free += 1;
    };
  }
}

/** A gate that is closed until `untilMs`, with the reason that closed it. */
export interface Gate {
  key: string;
  untilMs: number;
  reason: string;
}

/** Gate keys: the whole site, one endpoint (method + path template), or one issue's writes. */
export const gateKey = {
  site: () => 'site',
  endpoint: (method: string, template: string) => `endpoint:${method} ${template}`,
  issue: (issue: string) => `issue:${issue}`,
};

// TODO: Gates live in one client instance, so two workers exporting to the same site do not see
// each other's rate limits; Atlassian asks for shared state (e.g. gates kept in the database).
/** Closed gates by key; a later `close` only ever extends a gate. */
export class Gates {
  readonly #gates = new Map<string, Gate>();

  close(key: string, untilMs: number, reason: string): void {
    const current = this.#gates.get(key);
    if (!current || current.untilMs < untilMs) this.#gates.set(key, { key, untilMs, reason });
  }

  /** The gate among `keys` that stays closed longest after `now`, if any. */
  blocking(keys: readonly string[], now: number): Gate | undefined {
    let worst: Gate | undefined;
    for (const key of keys) {
      const gate = this.#gates.get(key);
      if (!gate) continue;
      if (gate.untilMs <= now) {
        this.#gates.delete(key);
        continue;
      }
      if (!worst || gate.untilMs > worst.untilMs) worst = gate;
    }
    return worst;
  }
}
