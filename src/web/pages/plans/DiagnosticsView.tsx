/**
 * Validation problems of a plan file, shown two ways: grouped by the item they concern (id and
 * path), and inside the file itself, under the line they point at, with the column.
 */
import type { Diagnostic } from '../../api/types.ts';

/** How many lines of the file to show around each problem. */
const CONTEXT_LINES = 2;

/** The problems of one upload. */
export function DiagnosticsView({
  text,
  diagnostics,
}: {
  text: string;
  diagnostics: Diagnostic[];
}) {
  const byItem = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.itemId ?? '';
    byItem.set(key, [...(byItem.get(key) ?? []), d]);
  }
  return (
    <div className="diagnostics">
      <h3>Problems by item</h3>
      <ul className="diag-groups">
        {[...byItem.entries()].map(([itemId, list]) => (
          <li key={itemId || '(plan)'} className="diag-group">
            <p className="diag-item">
              {itemId ? (
                <>
                  Item <code>{itemId}</code>
                </>
              ) : (
                'The plan as a whole'
              )}
            </p>
            <ul>
              {list.map((d) => (
                <DiagnosticLine key={`${d.code}-${d.path}-${d.line}-${d.message}`} diagnostic={d} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <SourceExcerpt text={text} diagnostics={diagnostics} />
    </div>
  );
}

/** One problem: severity, message and where. */
export function DiagnosticLine({ diagnostic: d }: { diagnostic: Diagnostic }) {
  const where = [
    d.path ? `at ${d.path}` : null,
    d.line !== undefined
      ? `line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}`
      : null,
  ].filter(Boolean);
  return (
    <li className={`diag diag-${d.severity}`} data-code={d.code}>
      <span className="badge badge-small">{d.severity}</span> {d.message}
      {where.length > 0 ? <span className="muted"> ({where.join(', ')})</span> : null}
    </li>
  );
}

function SourceExcerpt({ text, diagnostics }: { text: string; diagnostics: Diagnostic[] }) {
  const lines = text.split(/\r?\n/);
  const marked = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.line === undefined) continue;
    marked.set(d.line, [...(marked.get(d.line) ?? []), d]);
  }
  if (marked.size === 0) return null;
  const shown = new Set<number>();
  for (const line of marked.keys()) {
    for (let n = line - CONTEXT_LINES; n <= line + CONTEXT_LINES; n++) {
      if (n >= 1 && n <= lines.length) shown.add(n);
    }
  }
  const numbers = [...shown].sort((a, b) => a - b);
  return (
    <>
      <h3>In the file</h3>
      <ol className="source" aria-label="Lines of the file with problems">
        {numbers.map((n, index) => (
          <li
            key={n}
            value={n}
            className={marked.has(n) ? 'source-line source-marked' : 'source-line'}
          >
            {index > 0 && numbers[index - 1] !== n - 1 ? (
              <span className="source-gap" aria-hidden="true">
                ⋯
              </span>
            ) : null}
            <code className="source-text">
              <span className="source-number" aria-hidden="true">
                {n}
              </span>
              {lines[n - 1] ?? ''}
            </code>
            {(marked.get(n) ?? []).map((d) => (
              <p
                key={`${d.code}-${d.column}-${d.message}`}
                className={`source-note diag-${d.severity}`}
              >
                {d.column !== undefined ? `Column ${d.column}: ` : ''}
                {d.message}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}
