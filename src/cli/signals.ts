/** What a long-running command (`serve`, `worker`, `emulator`) reads and writes; tests pass their own. */
export interface LongRunningIo {
  env?: NodeJS.ProcessEnv;
  stdout?: (text: string) => void;
  /** Resolves when the command should stop; default: the first SIGINT or SIGTERM. */
  stopSignal?: () => Promise<void>;
}

/** Resolves at the first SIGINT or SIGTERM, so a long-running command can stop at a safe point. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
