/** Everything the plan says about one item. Plan text is shown as text, never as HTML. */
import type { Diagnostic, PlanItem } from '../../api/types.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { DiagnosticLine } from './DiagnosticsView.tsx';

/** The details panel. */
export function ItemDetails({
  item,
  diagnostics,
  onSelect,
}: {
  item: PlanItem | undefined;
  diagnostics: Diagnostic[];
  onSelect(id: string): void;
}) {
  if (!item) {
    return (
      <aside className="details card" aria-label="Item details">
        <p className="muted">Select an item to see its details.</p>
      </aside>
    );
  }
  const own = diagnostics.filter((d) => d.itemId === item.id);
  const estimate = [
    item.estimate?.points !== undefined ? `${item.estimate.points} points` : null,
    item.estimate?.hours !== undefined ? `${item.estimate.hours} hours` : null,
  ].filter(Boolean);
  return (
    <aside className="details card" aria-labelledby="details-title">
      <p className="muted">
        <span className={`type type-${item.type}`}>{item.type}</span> <code>{item.id}</code>
      </p>
      <h2 id="details-title">{item.title}</h2>
      {own.length > 0 ? (
        <ul className="plain-list">
          {own.map((d) => (
            <DiagnosticLine key={`${d.code}-${d.message}`} diagnostic={d} />
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{item.status.replace('_', ' ')}</dd>
        <dt>Priority</dt>
        <dd>{item.priority}</dd>
        {estimate.length > 0 ? (
          <>
            <dt>Estimate</dt>
            <dd>{estimate.join(', ')}</dd>
          </>
        ) : null}
        <dt>Assignee</dt>
        <dd>{item.assignee ?? 'Nobody yet'}</dd>
        {item.dueDate ? (
          <>
            <dt>Due</dt>
            <dd>{item.dueDate}</dd>
          </>
        ) : null}
        {item.labels && item.labels.length > 0 ? (
          <>
            <dt>Labels</dt>
            <dd>
              {item.labels.map((label) => (
                <span key={label} className="chip">
                  {label}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {item.dependsOn.length > 0 ? (
          <>
            <dt>Depends on</dt>
            <dd>
              {item.dependsOn.map((id) => (
                <button
                  key={id}
                  type="button"
                  className="chip chip-button"
                  onClick={() => onSelect(id)}
                >
                  {id}
                </button>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {item.description ? (
        <>
          <h3>Description</h3>
          <Markdown text={item.description} />
        </>
      ) : null}
      {item.acceptanceCriteria && item.acceptanceCriteria.length > 0 ? (
        <>
          <h3>Acceptance criteria</h3>
          <ul className="checklist">
            {item.acceptanceCriteria.map((criterion) => (
              <li key={criterion}>{criterion}</li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
