/** The results of a finished run: counts, a link to every issue, and failures with what to fix. */
import type { ExportItemView, ExportView } from '../../api/types.ts';

const STATE_WORDS: Record<ExportItemView['state'], string> = {
  pending: 'not sent',
  sending: 'outcome unknown',
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  failed: 'failed',
  blocked: 'not sent: its parent failed',
};

/** The results card. */
export function ExportResults({
  view,
  items,
  titles,
}: {
  view: ExportView;
  items: ExportItemView[];
  /** Item id -> title, when the plan is still stored. */
  titles: Map<string, string>;
}) {
  const failures = items.filter((item) => item.state === 'failed' || item.state === 'blocked');
  const summary = view.summary;
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      {summary ? (
        <ul className="counts">
          <li>
            <strong>{summary.created}</strong> created
          </li>
          <li>
            <strong>{summary.updated}</strong> updated
          </li>
          <li>
            <strong>{summary.unchanged}</strong> unchanged
          </li>
          <li>
            <strong>{summary.links}</strong> links
          </li>
          <li>
            <strong>{summary.failed}</strong> failed
          </li>
          <li>
            <strong>{summary.seconds.toFixed(1)}</strong> s
          </li>
        </ul>
      ) : null}
      {failures.length > 0 ? (
        <>
          <h3>What to fix</h3>
          <ul className="problem-list">
            {failures.map((item) => (
              <li key={item.itemId} className="notice notice-error" data-item={item.itemId}>
                <p className="notice-title">
                  {titles.get(item.itemId) ?? item.itemId} ({item.issueType}):{' '}
                  {STATE_WORDS[item.state]}
                </p>
                {item.error ? <p className="notice-message">{item.error.message}</p> : null}
                {item.error?.fieldErrors ? (
                  <ul>
                    {Object.entries(item.error.fieldErrors).map(([field, message]) => (
                      <li key={field}>
                        <code>{field}</code>: {message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="table-wrap">
        <table className="table" data-testid="results">
          <caption>Every item of the run</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Issue type</th>
              <th scope="col">Result</th>
              <th scope="col">Jira issue</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.itemId} data-item={item.itemId}>
                <td>
                  {titles.get(item.itemId) ?? item.itemId}
                  <span className="muted block">
                    <code>{item.itemId}</code>
                  </span>
                </td>
                <td>{item.issueType}</td>
                <td>{STATE_WORDS[item.state]}</td>
                <td>
                  {item.url && item.jiraKey ? (
                    <a href={item.url} target="_blank" rel="noreferrer noopener">
                      {item.jiraKey}
                    </a>
                  ) : (
                    (item.jiraKey ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
