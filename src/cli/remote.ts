/**
 * `projan export --server URL --token pjn_…`: the same export through a running Projan's HTTP
 * API (docs/http-api.md). The plan is uploaded, preflighted or exported, the run followed over
 * server-sent events (re-read when the stream breaks), and failures print the API's own
 * `{message, guidance}`. The token travels only in the Authorization header to that server.
 */
import type { ExportItemView, ExportView, PreflightReport } from '../exports/index.ts';
import type { SourceFormat } from '../plan/import/index.ts';
import {
  CliFailure,
  type ExportBackend,
  FINISHED_STATES,
  type FollowResult,
  type ProgressReport,
} from './export/backend.ts';

/** A small JSON client for Projan's API with an API token. */
export class ProjanApi {
  readonly #base: URL;
  readonly #token: string;

  /** @param server `http(s)://host[:port]`, as `projan serve` prints it. */
  constructor(server: string, token: string) {
    this.#base = new URL(server.endsWith('/') ? server : `${server}/`);
    this.#token = token;
  }

  /** The server's origin, for messages. */
  get origin(): string {
    return this.#base.origin;
  }

  /**
   * Sends one request and parses the JSON answer.
   * @throws CliFailure with the API's code, message, guidance and diagnostics for 4xx/5xx, or
   *   `server_unreachable` when no answer came.
   */
  async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await this.send(method, route, body, 'application/json');
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return parsed as T;
    throw this.failure(response.status, parsed);
  }

  /** Opens a streaming GET (server-sent events); the caller reads the body. */
  async stream(route: string, signal: AbortSignal): Promise<Response> {
    const response = await this.send('GET', route, undefined, 'text/event-stream', signal);
    if (!response.ok) throw this.failure(response.status, parseJson(await response.text()));
    return response;
  }

  private async send(
    method: string,
    route: string,
    body: unknown,
    accept: string,
    signal?: AbortSignal,
  ): Promise<Response> {
    const headers: Record<string, string> = {
      accept,
      authorization: `Bearer ${this.#token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(new URL(route.replace(/^\//, ''), this.#base), {
        method,
        headers,
        redirect: 'error',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new CliFailure(
        'server_unreachable',
        `Projan at ${this.origin} could not be reached${cause ? ` (${cause})` : ''}.`,
        ['Check the --server URL and that the server is running, then try again.'],
      );
    }
  }

  private failure(status: number, body: unknown): CliFailure {
    const problem = (body ?? {}) as {
      code?: unknown;
      message?: unknown;
      guidance?: unknown;
      diagnostics?: unknown;
    };
    const message =
      typeof problem.message === 'string'
        ? problem.message
        : `Projan at ${this.origin} answered HTTP ${status}.`;
    return new CliFailure(
      typeof problem.code === 'string' ? problem.code : `http_${status}`,
      message,
      Array.isArray(problem.guidance) ? problem.guidance.map(String) : [],
      Array.isArray(problem.diagnostics) ? problem.diagnostics : [],
    );
  }
}

/** What the remote backend needs. */
export interface RemoteInput {
  api: ProjanApi;
  /** The plan file's text and name, uploaded as they are. */
  content: string;
  fileName: string;
  format: SourceFormat;
  tag?: string;
  /** Workspace id or name; default the token's only workspace. */
  workspace?: string;
}

interface MeAnswer {
  workspaces: Array<{ id: string; name: string; kind: string }>;
}

/**
 * Resolves the workspace (`GET /api/auth/me`) and uploads the plan; the backend then preflights,
 * exports and follows through the API.
 * @throws CliFailure from the API (`invalid_token`, `invalid_plan`, …), `unknown_workspace` or
 *   `workspace_ambiguous`.
 */
export async function openRemoteBackend(input: RemoteInput): Promise<ExportBackend> {
  const { api } = input;
  const me = await api.request<MeAnswer>('GET', '/api/auth/me');
  const workspace = chooseWorkspace(me.workspaces, input.workspace);
  const base = `/api/workspaces/${encodeURIComponent(workspace.id)}`;
  const upload = await api.request<{ plan: { planId: string } }>('POST', `${base}/plans`, {
    fileName: input.fileName,
    content: input.content,
    format: input.format,
    ...(input.tag === undefined ? {} : { tag: input.tag }),
  });
  const planRoute = `${base}/plans/${encodeURIComponent(upload.plan.planId)}`;
  const controller = new AbortController();

  return {
    workspace: { id: workspace.id, name: workspace.name },
    preflight: (projectKey) =>
      api.request<PreflightReport>('POST', `${planRoute}/preflight`, { projectKey }),
    start: (projectKey) => api.request<ExportView>('POST', `${planRoute}/exports`, { projectKey }),
    follow: (view, onProgress) => follow(api, view, onProgress, controller.signal),
    async items(exportId) {
      const answer = await api.request<{ items: ExportItemView[] }>(
        'GET',
        `/api/exports/${encodeURIComponent(exportId)}/items`,
      );
      return answer.items;
    },
    async close() {
      controller.abort();
    },
  };
}

function chooseWorkspace(
  workspaces: MeAnswer['workspaces'],
  wanted: string | undefined,
): MeAnswer['workspaces'][number] {
  const listed = workspaces.map((w) => `${w.id} (${w.name})`).join(', ') || 'none';
  if (wanted !== undefined) {
    const byId = workspaces.filter((w) => w.id === wanted);
    const matches =
      byId.length > 0
        ? byId
        : workspaces.filter((w) => w.name.toLowerCase() === wanted.toLowerCase());
    const [only] = matches;
    if (!only) {
      throw new CliFailure(
        'unknown_workspace',
        `This token reaches no workspace ${JSON.stringify(wanted)}.`,
        [`Pass the id or name of one of these workspaces: ${listed}.`],
      );
    }
    if (matches.length > 1) {
      throw new CliFailure(
        'workspace_ambiguous',
        `${matches.length} workspaces are named ${JSON.stringify(wanted)}.`,
        [`Pass the id of the one you mean: ${listed}.`],
      );
    }
    return only;
  }
  const [single] = workspaces;
  if (!single || workspaces.length > 1) {
    throw new CliFailure(
      'workspace_ambiguous',
      `This token reaches ${workspaces.length} workspaces; choose one with --workspace.`,
      [`Pass the id or name of one of them: ${listed}.`],
    );
  }
  return single;
}

// Server-sent events first; when the stream breaks before `finished`, the run is re-read.
async function follow(
  api: ProjanApi,
  view: ExportView,
  onProgress: (report: ProgressReport) => void,
  signal: AbortSignal,
): Promise<FollowResult> {
  const route = `/api/exports/${encodeURIComponent(view.id)}`;
  try {
    const finished = await followEvents(api, `${route}/events`, onProgress, signal);
    if (finished) return { view: finished };
  } catch (error) {
    if (signal.aborted) throw error;
  }
  for (;;) {
    const current = await api.request<ExportView>('GET', route);
    if (FINISHED_STATES.has(current.state)) return { view: current };
    onProgress({
      phase: current.phase,
      done: current.progress.done,
      total: current.progress.total,
      pause: current.pause,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function followEvents(
  api: ProjanApi,
  route: string,
  onProgress: (report: ProgressReport) => void,
  signal: AbortSignal,
): Promise<ExportView | undefined> {
  const response = await api.stream(route, signal);
  if (!response.body) return undefined;
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (frame?.event === 'finished') return frame.data as ExportView;
        if (frame?.event === 'progress') onProgress(frame.data as ProgressReport);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** One `event:`/`data:` frame; comments (heartbeats) and unknown lines are skipped. */
function parseFrame(text: string): { event: string; data: unknown } | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return undefined;
  const parsed = parseJson(data.join('\n'));
  return parsed === undefined ? undefined : { event, data: parsed };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}
