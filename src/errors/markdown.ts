/**
 * Renders the catalogue as `docs/troubleshooting.md`, so the page people read and the words
 * Projan shows cannot drift apart (a test compares the file with this output).
 */
import { catalogue, type ErrorCode, type ErrorParams, type ParamsOf } from './catalogue.ts';

/** Placeholder parameters for messages that name an account, a project or a site. */
const EXAMPLES: ErrorParams = {
  permission_denied: { permission: 'Create Issues', account: '<account>', project: '<project>' },
  missing_issue_types: { project: '<project>', missing: ['<issue type>'] },
  site_not_accessible: { site: '<site URL>' },
};

const INTRO = `# Troubleshooting

Every failure Projan reports has a stable code and one wording, shown the same way by the web
app, the CLI and the HTTP API (\`{"code", "message", "guidance"}\`, with the HTTP status below).
Scripts should branch on the code, never on the wording. Words in angle brackets are filled in
with the account, project or site concerned. "Operator" entries need the person who runs
Projan, not the person using it.

This page is generated from \`src/errors/catalogue.ts\`; edit the catalogue, then run
\`npx tsx -e "import('./src/errors/markdown.ts').then(m => process.stdout.write(m.renderTroubleshooting()))" > docs/troubleshooting.md\`.
`;

/** The whole Markdown page. */
export function renderTroubleshooting(): string {
  const sections = (Object.keys(catalogue) as ErrorCode[]).map((code) => {
    const entry = catalogue[code] as (typeof catalogue)[ErrorCode];
    const params = (EXAMPLES[code as keyof ErrorParams] ?? {}) as ParamsOf<typeof code>;
    const steps = entry.guidance(params as never).map((step) => `- ${step}`);
    const who = entry.audience === 'operator' ? ' · for the operator' : '';
    return [
      `## \`${code}\``,
      '',
      `HTTP ${entry.status}${who}`,
      '',
      `> ${entry.message(params as never)}`,
      '',
      ...steps,
      '',
    ].join('\n');
  });
  return `${INTRO}\n${sections.join('\n')}`;
}
