/**
 * Live export progress as server-sent events. A watcher gets the current state at once, then an
 * `event: progress` frame per report of the in-process `ProgressHub`, heartbeat comments to keep
 * proxies from closing the stream, and a final `event: finished` frame with the run as stored,
 * after which the stream ends. A slow database poll covers runs executed by another process
 * (a separate worker), whose progress never reaches this process's hub.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportProgress, Exports, ExportView, ProgressHub } from '../exports/index.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';

const TERMINAL = new Set<ExportView['state']>(['succeeded', 'partial', 'failed', 'cancelled']);

/** Timing of an event stream. */
export interface StreamTiming {
  heartbeatMs: number;
  /** How often the stored run is re-read (for runs in other processes). */
  pollMs: number;
}

/** Whether a run has ended. */
export function isFinished(view: ExportView): boolean {
  return TERMINAL.has(view.state);
}

/**
 * Streams an export's progress until it finishes or the client goes away. The caller has
 * already checked that the user may see the export (`view`).
 */
export async function streamExportEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    view: ExportView;
    userId: string;
    exports: Exports;
    hub: ProgressHub;
    timing: StreamTiming;
    /** Open streams of the server; this one adds its closer while open. */
    streams: Set<() => void>;
  },
): Promise<void> {
  const { exports, hub, userId, timing } = input;
  const exportId = input.view.id;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-request-id': request.id,
  });

  let closed = false;
  let lastSent = '';
  const write = (event: string, data: unknown) => {
    if (closed) return;
    const text = JSON.stringify(data);
    if (event === 'progress' && text === lastSent) return;
    if (event === 'progress') lastSent = text;
    raw.write(`event: ${event}\ndata: ${text}\n\n`);
  };
  const finish = async () => {
    if (closed) return;
    try {
      write('finished', await exports.get(userId, exportId));
    } finally {
      close();
    }
  };
  const onProgress = (progress: ExportProgress) => {
    write('progress', progressOf(progress));
    if (progress.phase === 'finished') void finish().catch(() => close());
  };
  const unsubscribe = hub.subscribe(exportId, onProgress);
  const heartbeat = setInterval(() => {
    if (!closed) raw.write(': heartbeat\n\n');
  }, timing.heartbeatMs);
  const poll = setInterval(() => {
    exports.get(userId, exportId).then(
      (view) => {
        if (isFinished(view)) void finish().catch(() => close());
        else write('progress', viewProgress(view));
      },
      () => close(),
    );
  }, timing.pollMs);
  function close() {
    if (closed) return;
    closed = true;
    input.streams.delete(close);
    unsubscribe();
    clearInterval(heartbeat);
    clearInterval(poll);
    raw.end();
  }
  input.streams.add(close);
  request.raw.on('close', close);
  raw.on('close', close);

  // Subscribed before reading, so a report published in between is not lost.
  try {
    const current = await exports.get(userId, exportId);
    write('progress', viewProgress(current));
    if (isFinished(current)) await finish();
  } catch (error) {
    // The reply is hijacked: the error handler cannot answer any more, so log and end.
    request.log.warn(
      { type: error instanceof Error ? error.name : typeof error },
      'event stream failed',
    );
    close();
  }
}

function progressOf(progress: ExportProgress) {
  return {
    exportId: progress.exportId,
    phase: progress.phase,
    done: progress.done,
    total: progress.total,
    pause: progress.pause ?? null,
    ...(progress.state === undefined ? {} : { state: progress.state }),
  };
}

function viewProgress(view: ExportView) {
  return {
    exportId: view.id,
    phase: view.phase,
    done: view.progress.done,
    total: view.progress.total,
    pause: view.pause,
    state: view.state,
  };
}
