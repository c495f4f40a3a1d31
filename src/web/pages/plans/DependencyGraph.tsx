/**
 * The dependency graph as inline SVG, laid out in layers by dagre (left to right: a blocker
 * stands left of what it blocks). Cycles cannot occur: the plan validation refuses them. Only
 * items that take part in a dependency are drawn; a text list of the same links follows the
 * picture for screen readers and small screens.
 */
import { Graph, layout } from '@dagrejs/dagre';
import { useMemo } from 'react';
import type { PlanGraph } from '../../api/types.ts';

const NODE_WIDTH = 210;
const NODE_HEIGHT = 48;
const TITLE_CHARS = 28;

interface Placed {
  id: string;
  title: string;
  type: string | null;
  external: boolean;
  x: number;
  y: number;
}

interface Laid {
  nodes: Placed[];
  edges: Array<{ from: string; to: string; path: string }>;
  width: number;
  height: number;
}

/** Lays out the graph; pure, so it runs once per plan. */
export function layoutGraph(graph: PlanGraph): Laid {
  const linked = new Set(graph.edges.flatMap((e) => [e.from, e.to]));
  const g = new Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    if (linked.has(node.id)) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  layout(g);
  const nodes: Placed[] = graph.nodes
    .filter((node) => linked.has(node.id))
    .map((node) => {
      const label = g.node(node.id) as { x: number; y: number };
      return {
        id: node.id,
        title: node.title,
        type: node.type,
        external: node.kind === 'jira_issue',
        x: label.x - NODE_WIDTH / 2,
        y: label.y - NODE_HEIGHT / 2,
      };
    });
  const edges = graph.edges.map((edge) => {
    const points =
      (g.edge(edge.from, edge.to) as { points?: Array<{ x: number; y: number }> }).points ?? [];
    const path = points
      .map((p, index) => `${index === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
      .join(' ');
    return { ...edge, path };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

function shorten(text: string): string {
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text;
}

/** The picture plus its text alternative. */
export function DependencyGraph({
  graph,
  selected,
  onSelect,
}: {
  graph: PlanGraph;
  selected: string | undefined;
  onSelect(id: string): void;
}) {
  const laid = useMemo(() => layoutGraph(graph), [graph]);
  const titles = new Map(graph.nodes.map((n) => [n.id, n.title]));
  if (graph.edges.length === 0) {
    return <p className="muted">No item of this plan depends on another.</p>;
  }
  const unlinked = graph.nodes.length - laid.nodes.length;
  return (
    <>
      <p className="muted">
        An arrow from A to B means “A blocks B”: B depends on A.{' '}
        {unlinked > 0 ? `${unlinked} items without dependencies are not drawn.` : ''}
      </p>
      <div className="graph-scroll">
        <svg
          className="graph"
          width={laid.width}
          height={laid.height}
          viewBox={`0 0 ${laid.width} ${laid.height}`}
          aria-label="Dependency graph"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
            </marker>
          </defs>
          {laid.edges.map((edge) => (
            <path
              key={`${edge.from}->${edge.to}`}
              d={edge.path}
              className="graph-edge"
              markerEnd="url(#arrow)"
            />
          ))}
          {laid.nodes.map((node) => (
            // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it gets the role, focus and keys of one.
            <g
              key={node.id}
              role="button"
              tabIndex={0}
              aria-label={`${node.type ?? 'Jira issue'} ${node.title}`}
              aria-pressed={node.id === selected}
              className={[
                'graph-node',
                node.external ? 'graph-node-external' : `graph-node-${node.type ?? 'task'}`,
                node.id === selected ? 'graph-node-selected' : '',
              ].join(' ')}
              transform={`translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`}
              onClick={() => !node.external && onSelect(node.id)}
              onKeyDown={(event) => {
                if ((event.key === 'Enter' || event.key === ' ') && !node.external) {
                  event.preventDefault();
                  onSelect(node.id);
                }
              }}
            >
              <title>{node.title}</title>
              <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx="6" />
              <text x="10" y="19" className="graph-type">
                {node.external ? 'existing Jira issue' : `${node.type} · ${node.id}`}
              </text>
              <text x="10" y="37" className="graph-title">
                {shorten(node.title)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <details className="graph-list">
        <summary>The same dependencies as a list</summary>
        <ul>
          {graph.edges.map((edge) => (
            <li key={`${edge.from}->${edge.to}`}>
              “{titles.get(edge.to) ?? edge.to}” depends on “{titles.get(edge.from) ?? edge.from}”
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
