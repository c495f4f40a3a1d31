import type { AccountFixture, AppFixture } from '../contract.ts';
import { escapeHtml } from '../http.ts';
import { scopeInWords } from './scope-words.ts';

/** A site offered in the picker of a resource-level grant. */
export interface PickableSite {
  id: string;
  name: string;
  url: string;
  members: readonly string[];
}

/** What the consent form shows. */
export interface ConsentView {
  requestId: string;
  app: AppFixture;
  scopes: readonly string[];
  accounts: readonly AccountFixture[];
  /** Present for resource-level grants only. */
  sites?: readonly PickableSite[];
  selectedAccount?: string;
  error?: string;
}

const STYLE =
  'body{font:15px system-ui,sans-serif;max-width:40rem;margin:2rem auto;color:#172b4d}' +
  'label{display:block;margin:1rem 0 .25rem;font-weight:600}select{width:100%;padding:.4rem}' +
  'button{margin:1.5rem .5rem 0 0;padding:.5rem 1.2rem}.error{color:#ae2a19}';

/**
 * Renders the consent screen that stands for Atlassian's login plus consent pages. Form
 * controls have stable names and ids (`request`, `account`, `site`, `decision` with `accept`
 * and `deny`), so a browser test or a plain HTTP client can fill it in.
 */
export function renderConsentPage(view: ConsentView): string {
  const accounts = view.accounts
    .map((a) => {
      const selected = a.accountId === view.selectedAccount ? ' selected' : '';
      const label = `${a.displayName} (${a.email})`;
      return `<option value="${escapeHtml(a.accountId)}"${selected}>${escapeHtml(label)}</option>`;
    })
    .join('');
  const scopes = view.scopes
    .map((s) => `<li>${escapeHtml(scopeInWords(s))} <code>${escapeHtml(s)}</code></li>`)
    .join('');
  const error = view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Authorize ${escapeHtml(view.app.name)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(view.app.name)} is requesting access to your Atlassian account</h1>${error}
<form method="post" action="/authorize/consent" id="consent">
<input type="hidden" name="request" id="request" value="${escapeHtml(view.requestId)}">
<label for="account">Log in as (stands for the Atlassian login)</label>
<select name="account" id="account">${accounts}</select>
${view.sites ? sitePicker(view.sites) : ''}
<p>${escapeHtml(view.app.name)} wants to:</p><ul id="scopes">${scopes}</ul>
<button type="submit" name="decision" value="accept" id="accept">Accept</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form></body></html>`;
}

function sitePicker(sites: readonly PickableSite[]): string {
  const options = sites
    .map((s) => {
      const label = `${s.name} (${s.url})`;
      return `<option value="${escapeHtml(s.id)}">${escapeHtml(label)}</option>`;
    })
    .join('');
  return `<label for="site">Choose a site (only sites of the chosen account are accepted)</label>
<select name="site" id="site"><option value="">Choose a site</option>${options}</select>`;
}

/** Renders the page shown instead of redirecting when the client or callback is not valid. */
export function renderErrorPage(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}
</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>
<p class="error" id="error">${escapeHtml(detail)}</p></body></html>`;
}
