/**
 * The human view of a preflight report and of a finished export. Every problem is printed with
 * the core's own message, so the CLI says exactly what the web app says.
 */
import type {
  ExportItemView,
  ExportProblem,
  ExportView,
  PreflightReport,
} from '../../exports/index.ts';
import { quantity } from './diagnostics.ts';

/** The preflight report: one line per item, counts, errors and warnings, and the verdict. */
export function describePreflight(report: PreflightReport): string[] {
  const { project, account } = report;
  const lines: string[] = [];
  if (project.id !== '') {
    lines.push(
      `Preflight of ${project.key} (${project.name}) as ${account.displayName || account.accountId}: nothing was written to Jira.`,
    );
  }
  if (report.items.length > 0) {
    const typeWidth = Math.max(...report.items.map((item) => item.issueTypeName.length));
    for (const item of report.items) {
      const key = item.jiraKey ? ` ${item.jiraKey}` : '';
      const blocked = item.blocked ? ' (blocked)' : '';
      lines.push(
        `  ${item.action.padEnd(9)} ${item.issueTypeName.padEnd(typeWidth)} ${item.itemId}${key}: ${item.title}${blocked}`,
      );
    }
    const { counts } = report;
    lines.push(
      `To create ${counts.create}, to update ${counts.update}, unchanged ${counts.unchanged}, ${quantity(counts.links, 'link')} to add, ${quantity(counts.transitions, 'transition')}.`,
    );
  }
  lines.push(...describeProblems(report.problems));
  lines.push(
    report.exportable
      ? 'Ready to export: run the same command without --dry-run.'
      : 'Not exportable: fix the errors above, then run the preflight again.',
  );
  return lines;
}

/** Errors, then warnings, each naming the items concerned. */
export function describeProblems(problems: readonly ExportProblem[]): string[] {
  const lines: string[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const chosen = problems.filter((problem) => problem.severity === severity);
    if (chosen.length === 0) continue;
    lines.push(severity === 'error' ? 'Errors:' : 'Warnings:');
    for (const problem of chosen) {
      const items = problem.itemIds.length > 0 ? ` (items: ${problem.itemIds.join(', ')})` : '';
      lines.push(`  - ${problem.message}${items}`);
    }
  }
  return lines;
}

/**
 * A finished run: its outcome and counts, every issue with its browse URL, the failed and
 * blocked items with Jira's field errors and what to do, then the warnings.
 */
export function describeExport(
  view: ExportView,
  items: readonly ExportItemView[],
  failure?: string,
): string[] {
  const summary = view.summary;
  const seconds = summary ? ` in ${summary.seconds} s` : '';
  const lines = [
    `Export ${view.id} of "${view.planTitle}" to ${view.projectKey}: ${view.state}${seconds}.`,
  ];
  if (summary) {
    lines.push(
      `Created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, failed ${summary.failed}, blocked ${summary.blocked}, ${quantity(summary.links, 'link')}.`,
    );
  }
  if (view.error) lines.push(view.error.message);
  if (failure && !view.error) lines.push(`The export job failed: ${failure}`);

  const issues = items.filter((item) => item.jiraKey !== null);
  if (issues.length > 0) {
    lines.push('Issues:');
    const keyWidth = Math.max(...issues.map((item) => (item.jiraKey ?? '').length));
    const typeWidth = Math.max(...issues.map((item) => item.issueType.length));
    for (const item of issues) {
      lines.push(
        `  ${(item.jiraKey ?? '').padEnd(keyWidth)} ${item.state.padEnd(9)} ${item.issueType.padEnd(typeWidth)} ${item.itemId}  ${item.url ?? ''}`.trimEnd(),
      );
    }
  }

  const failed = items.filter((item) => item.state === 'failed' || item.state === 'blocked');
  if (failed.length > 0) {
    lines.push('Failures:');
    for (const item of failed) {
      lines.push(
        `  ${item.itemId} (${item.issueType}, ${item.state}): ${item.error?.message ?? 'no reason recorded.'}`,
      );
      for (const [field, message] of Object.entries(item.error?.fieldErrors ?? {})) {
        lines.push(`      ${field}: ${message}`);
      }
    }
  }
  const itemErrors = new Set(failed.map((item) => item.error?.message));
  const problems = (summary?.problems ?? []).filter((problem) => !itemErrors.has(problem.message));
  lines.push(...describeProblems(problems));
  if (failed.length > 0 || problems.some((problem) => problem.severity === 'error')) {
    lines.push(
      'To fix: correct what the messages above name, in the plan or in the Jira project’s configuration, then run the same command again; issues already created are updated, never duplicated.',
    );
  }
  return lines;
}
