/**
 * Runs the Jira client against the project's emulator on a real loopback port: mints tokens
 * through the control API, injects faults and reads the emulator's request log and state.
 */
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import { createJiraClient, type JiraClient } from '../../src/jira/client.ts';
import type { JiraClientEvent, JiraClientOptions } from '../../src/jira/options.ts';

/** The fixture's account that belongs to every site (Ada Admin). */
export const ADMIN = '5f1a2b3c4d5e6f7a8b9c0d01';

/** A fault rule as `PUT /_emulator/faults` takes it; `path` is a glob on the full path. */
export interface FaultRuleBody {
  method?: string;
  path: string;
  nth: number;
  times?: number;
  fault: Record<string, unknown>;
}

/** A served request as the emulator logs it. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  fault?: string;
}

export interface EmulatorEnv {
  emu: RunningEmulator;
  client: JiraClient;
  cloudId: string;
  events: JiraClientEvent[];
  /** forceRefresh flags of every getAccessToken call. */
  tokenCalls: boolean[];
  faults(rules: FaultRuleBody[], extra?: Record<string, unknown>): Promise<void>;
  /** Gateway requests served so far (control calls excluded). */
  requests(): Promise<LoggedRequest[]>;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts an emulator and a client for `accountId` on its first site. */
export async function emulatorEnv(
  options: Partial<Omit<JiraClientOptions, 'apiBaseUrl' | 'cloudId' | 'getAccessToken'>> & {
    accountId?: string;
  } = {},
): Promise<EmulatorEnv> {
  const emu = await startEmulator({ port: 0 });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok)
      throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const mint = async () =>
    (await control('POST', 'tokens', { accountId: options.accountId ?? ADMIN })) as {
      access_token: string;
      sites: string[];
    };

  const first = await mint();
  let token = first.access_token;
  const cloudId = first.sites[0] ?? '';
  const tokenCalls: boolean[] = [];
  const events: JiraClientEvent[] = [];
  const { accountId: _unused, ...clientOptions } = options;
  const client = createJiraClient({
    ...clientOptions,
    apiBaseUrl: emu.url,
    cloudId,
    getAccessToken: async ({ forceRefresh }) => {
      tokenCalls.push(forceRefresh);
      if (forceRefresh) token = (await mint()).access_token;
      return token;
    },
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });

  return {
    emu,
    client,
    cloudId,
    events,
    tokenCalls,
    faults: async (rules, extra = {}) => {
      await control('PUT', 'faults', { rules, ...extra });
    },
    requests: async () => {
      const view = (await control('GET', 'requests')) as { entries: LoggedRequest[] };
      return view.entries.filter((e) => e.path.startsWith('/ex/'));
    },
    control,
    close: () => emu.close(),
  };
}
