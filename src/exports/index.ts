/** Exporting plans to Jira: mapping, preflight, execution, the ledger and progress. */
export type { DesiredFields } from './fields.ts';
export { mapPlanToIssueTypes, type ProjectIssueType, type TypeOverrides } from './mapping.ts';
export type {
  ExportOptions,
  ExportTarget,
  PlannedItem,
  PlannedLink,
  PreflightReport,
} from './preflight.ts';
export { type ExportProblem, hasBlockingProblem } from './problems.ts';
export { type ExportPhase, type ExportProgress, ProgressHub } from './progress.ts';
export { ExportInterrupted, type ExportSummary, ITEM_PROPERTY_KEY, runExport } from './run.ts';
export {
  type ConnectionAccess,
  createExports,
  EXPORT_JOB,
  type ExportItemView,
  ExportNotFound,
  type ExportRequest,
  type Exports,
  type ExportsDeps,
  type ExportView,
} from './service.ts';
