import type { PendingRequests } from './auth/authorize.ts';
import type { EmulatorFixture } from './contract.ts';
import type { FaultInjector } from './faults.ts';
import type { RateLimiter } from './gateway/rate-limits.ts';
import type { RequestLog } from './request-log.ts';
import type { SiteFactory, World } from './world.ts';

/** The running emulator's mutable parts, shared by the routes. */
export interface Runtime {
  world: World;
  /** The fixture the emulator was started with; reset rebuilds the world from it. */
  fixture: EmulatorFixture;
  createSite: SiteFactory;
  pending: PendingRequests;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  /** Latency added to every answer by the start option. */
  baseLatencyMs: number;
}
