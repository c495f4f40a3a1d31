/** Headings for the problems of a preflight or an export, by their stable code. */
const TITLES: Record<string, string> = {
  missing_issue_types: 'Missing issue types',
  permission_denied: 'Permission denied',
  project_not_found: 'Project not found',
  assignee_not_found: 'Assignee not found',
  unknown_issue_type: 'Unknown issue type',
  issue_type_changed: 'Issue type changed',
  no_blocks_link_type: 'No “Blocks” link type',
  issue_linking_disabled: 'Issue linking is off',
  unknown_dependency: 'Unknown dependency',
  reattached: 'Attached to another parent',
  removed_from_plan: 'Removed from the plan',
  subtask_without_parent: 'Sub-task without a parent',
  no_done_transition: 'No way to “done”',
  link_failed: 'Link failed',
  required_field: 'Required field the plan cannot fill',
  field_not_on_screen: 'Field not on the screen',
  summary_too_long: 'Summary too long',
  description_too_long: 'Description too long',
};

/** The heading of a problem code; unknown codes read as words. */
export function problemTitle(code: string): string {
  return TITLES[code] ?? code.replaceAll('_', ' ');
}
