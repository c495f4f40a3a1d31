/**
 * How a running export learns that its connection went away: an in-process AbortSignal per
 * connection (aborted by `disconnect` in this process), and `isConnectionActive` for exports
 * running in another process, which read the row at their safe points.
 */
import { ProjanError } from '../errors/index.ts';

/** Per-connection abort signals of this process. */
export class ConnectionSignals {
  private readonly controllers = new Map<string, AbortController>();

  /**
   * The signal a job on the connection should watch. It aborts with a `ProjanError`
   * (`connection_disconnected`) as `reason` when the connection is disconnected. After that a
   * new call returns a fresh signal, for exports started after reconnecting.
   */
  signalFor(connectionId: string): AbortSignal {
    let controller = this.controllers.get(connectionId);
    if (!controller) {
      controller = new AbortController();
      this.controllers.set(connectionId, controller);
    }
    return controller.signal;
  }

  /** Aborts the connection's signal, if anyone took it. */
  abort(connectionId: string): void {
    const controller = this.controllers.get(connectionId);
    if (!controller) return;
    this.controllers.delete(connectionId);
    controller.abort(new ProjanError('connection_disconnected'));
  }
}
