/**
 * The emulator's one clock. Every expiry (codes, access tokens, refresh tokens, rate-limit
 * windows) reads it, so a test can jump 90 or 365 days ahead without waiting.
 */
export interface EmulatorClock {
  /** Current emulator time, epoch milliseconds. */
  now(): number;
  /** Moves the clock forward; negative values are refused. */
  advance(ms: number): number;
  /** Back to wall-clock time. */
  reset(): void;
}

/** Creates a clock that follows the wall clock plus an offset that only grows. */
export function createClock(): EmulatorClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError('advanceMs must be a non-negative number');
      }
      offset += ms;
      return Date.now() + offset;
    },
    reset() {
      offset = 0;
    },
  };
}
