/**
 * A tiny local HTTP server for transport cases the emulator cannot produce; it records every
 * request and answers with a scripted handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export type StubHandler = (req: RecordedRequest, res: ServerResponse, index: number) => void;

export interface Stub {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0; `handler` sees the n-th request (0-based). */
export async function startStub(handler: StubHandler): Promise<Stub> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      handler(recorded, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with a status and optional headers. */
export function json(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** A clock whose sleep returns at once and advances time; every sleep is recorded. */
export function fakeClock(start = Date.parse('2026-12-04T16:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/**
 * A clock whose sleeps wait until the test releases them, to observe who waits while a
 * rate-limit gate is closed. `advance(ms)` moves time and resolves the sleeps that are due.
 */
export function manualClock(start = Date.parse('2026-12-04T16:00:00Z')) {
  let now = start;
  const pending: Array<{ until: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        pending.push({ until: now + ms, resolve });
      }),
    /** Sleeps not yet released. */
    waiting: () => pending.length,
    advance(ms: number) {
      now += ms;
      for (let i = pending.length - 1; i >= 0; i -= 1) {
        const p = pending[i];
        if (p && p.until <= now) {
          pending.splice(i, 1);
          p.resolve();
        }
      }
    },
  };
}

/** Lets pending promise callbacks and socket events run. */
export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));
