import type { SourceFormat } from './contract.ts';
import { findTags, isRecord } from './taskmaster/tags.ts';

/** A spec-kit task line: a checkbox followed by a `T001`-style id. */
const SPECKIT_TASK = /^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+T\d{3,}\b/m;
/** spec-kit's `## Phase 1: Setup` headings under a `# Tasks: …` title. */
const SPECKIT_PHASE = /^##[ \t]+Phase[ \t]+\d+[a-z]?\b/im;
const SPECKIT_TITLE = /^#[ \t]+Tasks\b/im;
/** A Projan YAML plan has a top-level `items:` key. */
const YAML_ITEMS = /^items[ \t]*:/m;

/**
 * Tells which format a plan file is written in, by its content first; the file name only breaks
 * ties. The rules, in order:
 *
 * 1. Text starting with `{` or `[` is JSON: with an `items` array it is Projan's own format; with
 *    task lists (a top-level `tasks` array, tags such as `{"master": {"tasks": []}}`, or tags
 *    under a `tags` wrapper) it is Task Master. JSON that does not parse counts as Task Master
 *    when it mentions `"tasks"` (so the importer can point at the syntax error), else as Projan.
 * 2. A checkbox line with a `T001`-style id, or a `# Tasks` title with `## Phase <n>` headings,
 *    is a spec-kit `tasks.md`.
 * 3. A top-level `items:` key, or a `.yaml`/`.yml` file name, is a Projan YAML plan.
 * 4. Anything else is a Markdown outline or checklist.
 */
export function detectFormat(text: string, fileName?: string): SourceFormat {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return detectJson(start);

  if (SPECKIT_TASK.test(body)) return 'speckit';
  if (SPECKIT_TITLE.test(body) && SPECKIT_PHASE.test(body)) return 'speckit';
  const isMarkdownName = fileName !== undefined && /\.(md|markdown|txt)$/i.test(fileName);
  if (!isMarkdownName && YAML_ITEMS.test(body)) return 'projan';
  if (fileName !== undefined && /\.ya?ml$/i.test(fileName)) return 'projan';
  return 'markdown';
}

function detectJson(text: string): SourceFormat {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return /"tasks"\s*:/.test(text) && !/"items"\s*:/.test(text) ? 'taskmaster' : 'projan';
  }
  if (isRecord(value) && Array.isArray(value.items)) return 'projan';
  return findTags(value).tags.length > 0 ? 'taskmaster' : 'projan';
}
