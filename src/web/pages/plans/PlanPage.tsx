/**
 * One plan: its items (tree and details), the dependency graph, the export to Jira and the
 * export history, each on its own tab so a phone shows one thing at a time.
 */
import { useState } from 'react';
import { api, seg, toProblem } from '../../api/client.ts';
import type { PlanDetail, Problem } from '../../api/types.ts';
import { navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { plural } from '../../components/format.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { ProblemBox } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { ExportHistory } from '../exports/ExportHistory.tsx';
import { ExportPanel } from '../exports/ExportPanel.tsx';
import { DependencyGraph } from './DependencyGraph.tsx';
import { DiagnosticLine } from './DiagnosticsView.tsx';
import { ItemDetails } from './ItemDetails.tsx';
import { findItem, ItemTree } from './ItemTree.tsx';
import { importWarnings } from './import-warnings.ts';

const TABS = [
  { id: 'items', label: 'Items' },
  { id: 'graph', label: 'Dependencies' },
  { id: 'export', label: 'Export to Jira' },
  { id: 'history', label: 'Export history' },
];

/** The page. */
export function PlanPage({
  planId,
  tab,
  query,
}: {
  planId: string;
  tab: string;
  query: URLSearchParams;
}) {
  const { workspace } = useSession();
  const path = `/api/workspaces/${seg(workspace.id)}/plans/${seg(planId)}`;
  const plan = useLoad(() => api<PlanDetail>('GET', path), [path]);
  const [selected, setSelected] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const diagnostics = importWarnings(planId);

  if (plan.problem) return <ProblemBox problem={plan.problem} />;
  if (!plan.data) return <p className="muted">Loading the plan…</p>;
  const detail = plan.data;
  const counts = detail.graph.counts;
  const select = (id: string) => {
    setSelected(id);
    if (tab !== 'items') navigate(`/plans/${seg(planId)}`);
  };

  const remove = async () => {
    try {
      await api('DELETE', path);
      navigate('/plans');
    } catch (error) {
      setProblem(toProblem(error));
      setDeleting(false);
    }
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/plans">Plans</a> <span aria-hidden="true">›</span> {detail.title}
      </nav>
      <div className="title-row">
        <h1>{detail.title}</h1>
        <button type="button" className="button button-small" onClick={() => setDeleting(true)}>
          Delete plan
        </button>
      </div>
      <p className="muted">
        <code>{detail.planId}</code> · {detail.fileName} · version {detail.version} ·{' '}
        {plural(counts.items, 'item')} · {plural(counts.dependencies, 'dependency', 'dependencies')}
        {counts.externalKeys.length > 0 ? ` · links to ${counts.externalKeys.join(', ')}` : ''}
      </p>
      {detail.plan.description ? (
        <Markdown className="lead" text={detail.plan.description} />
      ) : null}
      {problem ? <ProblemBox problem={problem} /> : null}
      {diagnostics.length > 0 ? (
        <div className="notice notice-warning" role="status">
          <p className="notice-message">The plan was imported with these remarks:</p>
          <ul className="plain-list">
            {diagnostics.map((d) => (
              <DiagnosticLine key={`${d.code}-${d.itemId}-${d.message}`} diagnostic={d} />
            ))}
          </ul>
        </div>
      ) : null}
      <nav aria-label="Plan sections" className="tabs">
        {TABS.map((t) => (
          <a
            key={t.id}
            href={t.id === 'items' ? `/plans/${seg(planId)}` : `/plans/${seg(planId)}/${t.id}`}
            className="tab"
            aria-current={t.id === tab ? 'page' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {tab === 'items' ? (
        <div className="split">
          <section className="card tree-card" aria-label="Item tree">
            <ItemTree
              items={detail.plan.items}
              selected={selected}
              onSelect={(id) => {
                setSelected(id);
                showDetailsOnPhone();
              }}
              diagnostics={diagnostics}
            />
          </section>
          <ItemDetails
            item={findItem(detail.plan.items, selected)}
            diagnostics={diagnostics}
            onSelect={setSelected}
          />
        </div>
      ) : null}
      {tab === 'graph' ? (
        <section className="card" aria-labelledby="graph-title">
          <h2 id="graph-title">Dependency graph</h2>
          <DependencyGraph graph={detail.graph} selected={selected} onSelect={select} />
        </section>
      ) : null}
      {tab === 'export' ? (
        <ExportPanel detail={detail} initialProject={query.get('project') ?? undefined} />
      ) : null}
      {tab === 'history' ? <ExportHistory planId={planId} /> : null}
      <ConfirmDialog
        open={deleting}
        title="Delete this plan?"
        confirmLabel="Delete plan"
        danger
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(false)}
      >
        <p>
          Projan forgets the plan and its versions. Issues already exported stay in Jira, and the
          export records stay in the history.
        </p>
      </ConfirmDialog>
    </>
  );
}

// On a phone the details panel sits below the long tree: bring it into view after a choice.
function showDetailsOnPhone(): void {
  if (!window.matchMedia('(max-width: 720px)').matches) return;
  requestAnimationFrame(() => {
    document.getElementById('details-title')?.scrollIntoView({ block: 'start' });
  });
}
