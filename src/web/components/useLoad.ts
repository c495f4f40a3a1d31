/**
 * Loads data for a component and keeps the three states a page shows: loading, the data, or
 * the problem (with its guidance). `reload` fetches again; answers of stale loads are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toProblem } from '../api/client.ts';
import type { Problem } from '../api/types.ts';

/** The state of one load. */
export interface Loaded<T> {
  data: T | undefined;
  problem: Problem | undefined;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Runs `load` now and whenever `deps` change (the values the load reads, like a React effect's
 * dependency list). The latest `load` is always the one called.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [problem, setProblem] = useState<Problem>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const key = JSON.stringify(deps);
  const run = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await latest.current();
      if (mine !== generation.current) return;
      setData(value);
      setProblem(undefined);
    } catch (error) {
      if (mine !== generation.current) return;
      setData(undefined);
      setProblem(toProblem(error));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's dependencies.
  useEffect(() => {
    void run();
  }, [run, key]);
  return { data, problem, loading, reload: run };
}
