/**
 * Runs `task` over `items` with at most `limit` in flight, in order of start. Each Jira request
 * waits ~50-300 ms on the network; independent ones (links, transitions of different issues,
 * bulk creates of one wave) go out together, and the Jira client's own bound and rate-limit
 * gates still apply beneath. The first failure is thrown once every started task has settled, so
 * no write is left running unobserved.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}
