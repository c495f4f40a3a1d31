import type { RefreshErrorVariant } from './auth/token-endpoint.ts';
import type { JiraBehaviour } from './contract.ts';
import { defaultBehaviour } from './jira/index.ts';
import type { Random } from './random.ts';

/** What an injected fault does to one request. */
export type FaultAction =
  /** Answer this status (Retry-After on 503 and 429), without reaching Jira. */
  | { status: number; retryAfter?: number }
  /** Answer 429 with this RateLimit-Reason. */
  | { rateLimit: string; retryAfter?: number }
  /** Reset the TCP connection without an answer. */
  | { reset: true }
  /** Never answer (the client's timeout fires); the socket closes when the emulator stops. */
  | { timeout: true }
  /** Let Jira commit the call, then destroy the socket: the client never sees the result. */
  | { dropAfterCommit: true };

/** "Fail the Nth matching call": counts calls matching method and path (glob, `*` = anything). */
export interface FaultRule {
  method?: string;
  path: string;
  /** 1-based number of the first matching call that fails. */
  nth: number;
  /** How many consecutive matching calls fail from the Nth on (default 1). */
  times?: number;
  fault: FaultAction;
}

/** Everything `PUT /_emulator/faults` sets; a PUT replaces the whole set. */
export interface FaultSettings {
  /** Added to every answer, on top of the server's `latencyMs` option. */
  latencyMs: number;
  /** Probability per gateway call of answering a status, e.g. `{ "503": 0.1 }`. */
  errorRates: Record<string, number>;
  /** Probability per gateway call of a 429 with this reason: `{ "jira-burst-based": 0.05 }`. */
  rateLimitRates: Record<string, number>;
  resetRate: number;
  timeoutRate: number;
  dropAfterCommitRate: number;
  /** What the gateway answers for an expired token: 401, or the reported 403/404 quirk. */
  expiredTokenStatus: 401 | 403 | 404;
  /** Whether `self` links use the site URL or the gateway form (facts §1.6). */
  selfLinks: 'site' | 'gateway';
  refreshErrorVariant: RefreshErrorVariant;
  rules: FaultRule[];
  /** Jira-side switches, applied to every site. */
  jira: JiraBehaviour;
  /** Reseeds the generator, so a run of random faults repeats exactly. */
  seed?: number;
}

/** No faults: the emulator answers like a healthy Atlassian. */
export function defaultFaults(): FaultSettings {
  return {
    latencyMs: 0,
    errorRates: {},
    rateLimitRates: {},
    resetRate: 0,
    timeoutRate: 0,
    dropAfterCommitRate: 0,
    expiredTokenStatus: 401,
    selfLinks: 'site',
    refreshErrorVariant: 'invalid_grant',
    rules: [],
    jira: defaultBehaviour(),
  };
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`);
}

/** Decides, deterministically for a seed, which fault (if any) hits each request. */
export class FaultInjector {
  private counts: number[] = [];
  private patterns: RegExp[] = [];

  constructor(
    public settings: FaultSettings,
    private random: Random,
  ) {
    this.replace(settings);
  }

  /** Installs new settings (and a reseeded generator) and restarts the rule counters. */
  replace(settings: FaultSettings, random?: Random): void {
    this.settings = settings;
    if (random) this.random = random;
    this.counts = settings.rules.map(() => 0);
    this.patterns = settings.rules.map((r) => globToRegExp(r.path));
  }

  /**
   * The fault for this request: rules first (they apply to every Atlassian path), then the
   * random rates, which apply to gateway calls only.
   */
  decide(method: string, path: string, gateway: boolean): FaultAction | undefined {
    let hit: FaultAction | undefined;
    this.settings.rules.forEach((rule, i) => {
      if (rule.method && rule.method.toUpperCase() !== method) return;
      if (!this.patterns[i]?.test(path)) return;
      const count = (this.counts[i] ?? 0) + 1;
      this.counts[i] = count;
      if (!hit && count >= rule.nth && count < rule.nth + (rule.times ?? 1)) hit = rule.fault;
    });
    if (hit || !gateway) return hit;
    return this.randomFault();
  }

  private randomFault(): FaultAction | undefined {
    const s = this.settings;
    const draw = (rate: number) => rate > 0 && this.random.next() < rate;
    if (draw(s.resetRate)) return { reset: true };
    if (draw(s.timeoutRate)) return { timeout: true };
    for (const [status, rate] of Object.entries(s.errorRates)) {
      if (draw(rate)) return { status: Number(status) };
    }
    for (const [reason, rate] of Object.entries(s.rateLimitRates)) {
      if (draw(rate)) return { rateLimit: reason };
    }
    if (draw(s.dropAfterCommitRate)) return { dropAfterCommit: true };
    return undefined;
  }
}
