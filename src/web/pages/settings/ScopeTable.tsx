/** A table of scopes with their purpose and access level. */
import type { ScopeRow } from '../../api/types.ts';

/** Renders `scopes` under a caption. */
export function ScopeTable({ scopes, caption }: { scopes: readonly ScopeRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Purpose</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {scopes.map((row) => (
            <tr key={row.scope}>
              <td>
                <code>{row.scope}</code>
              </td>
              <td>{row.purpose}</td>
              <td>{row.access}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
