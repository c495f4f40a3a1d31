import { jiraTime } from './context.ts';
import type { Issue, SiteState } from './state.ts';

/** One end of a link as the snapshot shows it from an issue's side. */
interface SnapshotLink {
  type: string;
  /** The phrase read from this issue: "blocks", "is blocked by", ... */
  direction: string;
  key: string;
}

function linksOf(state: SiteState, issue: Issue): SnapshotLink[] {
  const out: SnapshotLink[] = [];
  for (const l of state.links) {
    const type = state.fx.linkTypes.find((t) => t.id === l.typeId);
    if (!type) continue;
    if (l.inwardId === issue.id) {
      const other = state.issue(l.outwardId);
      if (other) out.push({ type: type.name, direction: type.outward, key: other.key });
    } else if (l.outwardId === issue.id) {
      const other = state.issue(l.inwardId);
      if (other) out.push({ type: type.name, direction: type.inward, key: other.key });
    }
  }
  return out;
}

/**
 * The whole site as plain JSON for `GET /_emulator/state`: every issue with its type name,
 * parent key, stored fields, labels, properties, status and links read from its side.
 */
export function snapshot(state: SiteState): unknown {
  const issues = [...state.issues.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((i) => ({
      id: i.id,
      key: i.key,
      project: state.projectById(i.projectId).key,
      type: state.issueType(i.typeId)?.name ?? i.typeId,
      status: state.fx.statuses.find((s) => s.id === i.statusId)?.name ?? i.statusId,
      parent: i.parentId ? (state.issue(i.parentId)?.key ?? null) : null,
      summary: i.fields.summary,
      labels: (i.fields.labels as string[] | undefined) ?? [],
      fields: i.fields,
      properties: Object.fromEntries(i.properties),
      links: linksOf(state, i),
      creator: i.creatorId,
      created: jiraTime(i.created),
    }));
  return {
    projects: state.fx.projects.map((p) => ({
      key: p.key,
      id: p.id,
      name: p.name,
      style: p.style,
    })),
    issues,
  };
}

export { linksOf };
