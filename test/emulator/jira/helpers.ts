import type { HttpMethod, JiraReply, JiraSite } from '../../../src/emulator/contract.ts';
import { createJiraSite, loadDefaultFixture } from '../../../src/emulator/jira/index.ts';

/** Account ids of the default fixture's people. */
export const ADA = '5f1a2b3c4d5e6f7a8b9c0d01';
export const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d02';
export const SAM = '5f1a2b3c4d5e6f7a8b9c0d03';
export const KAI = '5f1a2b3c4d5e6f7a8b9c0d04';
export const LEE = '5f1a2b3c4d5e6f7a8b9c0d05';

/** The emulator clock tests start at. */
export const NOW = Date.parse('2026-12-04T16:00:00.000Z');
export const BASE = 'https://acme-software.atlassian.net';

/** A site of the default fixture plus a shorthand to call it as one account. */
export interface TestSite {
  site: JiraSite;
  call(
    method: HttpMethod,
    path: string,
    opts?: { body?: unknown; query?: Record<string, string> | string; as?: string; now?: number },
  ): Reply;
}

/** A reply whose JSON body tests read freely, as a client parsing JSON would. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary JSON bodies
export type Reply = JiraReply & { body: any };

/** A fresh copy of the default fixture's first (or `index`) site. */
export function testSite(index = 0): TestSite {
  const fx = loadDefaultFixture();
  const siteFx = fx.sites[index];
  if (!siteFx) throw new Error('no such site in the default fixture');
  const site = createJiraSite(siteFx, fx.accounts);
  return {
    site,
    call(method, path, opts = {}) {
      const query = new URLSearchParams(opts.query ?? '');
      return site.handle({
        method,
        path,
        query,
        body: opts.body,
        caller: { accountId: opts.as ?? ADA, scopes: [], cloudId: site.cloudId },
        now: opts.now ?? NOW,
        selfBase: BASE,
      }) as Reply;
    },
  };
}

/** An ADF document with one paragraph. */
export function doc(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}
