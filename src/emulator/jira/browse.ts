import type { JiraReply } from '../contract.ts';
import { adfToText } from './adf.ts';
import { decodeSegment } from './routes.ts';
import { linksOf } from './snapshot.ts';
import type { Issue, SiteState } from './state.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string, status = 200): JiraReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}dt{font-weight:bold}pre{white-space:pre-wrap;background:#f4f5f7;padding:.5rem}</style></head><body>${body}</body></html>`;
  return { status, body: html, contentType: 'text/html; charset=utf-8' };
}

// Links are relative so the view works under whatever prefix the server mounts it at.
function issueLink(issue: Issue, fromIssuePage: boolean): string {
  const href = fromIssuePage ? issue.key : `browse/${issue.key}`;
  return `<a href="${escapeHtml(encodeURIComponent(href).replace('%2F', '/'))}">${escapeHtml(issue.key)}</a>`;
}

function list(state: SiteState): JiraReply {
  const sections = state.fx.projects.map((p) => {
    const issues = [...state.issues.values()]
      .filter((i) => i.projectId === p.id)
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((i) => {
        const type = state.issueType(i.typeId)?.name ?? '';
        return `<li>${issueLink(i, false)} <small>${escapeHtml(type)}</small> ${escapeHtml(String(i.fields.summary ?? ''))}</li>`;
      });
    const style = p.style === 'classic' ? 'company-managed' : 'team-managed';
    return `<h2>${escapeHtml(p.key)}: ${escapeHtml(p.name)} <small>(${style})</small></h2><ul>${issues.join('') || '<li>No issues.</li>'}</ul>`;
  });
  return page(
    state.fx.serverTitle,
    `<h1>${escapeHtml(state.fx.serverTitle)}</h1>${sections.join('')}`,
  );
}

function detail(state: SiteState, issue: Issue): JiraReply {
  const type = state.issueType(issue.typeId)?.name ?? '';
  const status = state.fx.statuses.find((s) => s.id === issue.statusId)?.name ?? '';
  const parent = issue.parentId ? state.issue(issue.parentId) : undefined;
  const labels = (issue.fields.labels as string[] | undefined) ?? [];
  const description = issue.fields.description ? adfToText(issue.fields.description).trim() : '';
  const links = linksOf(state, issue).map((l) => {
    const other = state.issue(l.key);
    return `<li>${escapeHtml(l.direction)} ${other ? issueLink(other, true) : escapeHtml(l.key)}</li>`;
  });
  const props = [...issue.properties].map(
    ([k, v]) =>
      `<dt>${escapeHtml(k)}</dt><dd><pre>${escapeHtml(JSON.stringify(v, null, 2))}</pre></dd>`,
  );
  const body = [
    `<p><a href="../">All projects</a></p>`,
    `<h1>${escapeHtml(issue.key)}: ${escapeHtml(String(issue.fields.summary ?? ''))}</h1>`,
    '<dl>',
    `<dt>Type</dt><dd>${escapeHtml(type)}</dd>`,
    `<dt>Status</dt><dd>${escapeHtml(status)}</dd>`,
    `<dt>Parent</dt><dd>${parent ? issueLink(parent, true) : 'None'}</dd>`,
    `<dt>Labels</dt><dd>${labels.map(escapeHtml).join(', ') || 'None'}</dd>`,
    '</dl>',
    `<h2>Description</h2><pre>${escapeHtml(description) || 'None'}</pre>`,
    `<h2>Links</h2><ul>${links.join('') || '<li>None</li>'}</ul>`,
    `<h2>Properties</h2><dl>${props.join('') || '<dd>None</dd>'}</dl>`,
  ].join('');
  return page(`${issue.key} ${String(issue.fields.summary ?? '')}`, body);
}

/** The read-only browse view: `/` lists projects and issues, `/browse/{KEY}` shows one issue. */
export function browse(state: SiteState, path: string): JiraReply {
  if (path === '/' || path === '' || path === '/browse' || path === '/browse/') return list(state);
  const m = /^\/browse\/([^/]+)\/?$/.exec(path);
  const issue = m?.[1] ? state.issue(decodeSegment(m[1])) : undefined;
  if (!issue)
    return page('Not found', '<h1>Not found</h1><p><a href="/">All projects</a></p>', 404);
  return detail(state, issue);
}
