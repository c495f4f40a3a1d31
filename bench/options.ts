/** Command-line options of `npm run bench`. */

/** What one bench run does. */
export interface BenchOptions {
  /** Also write the results as JSON (to `out`). */
  json: boolean;
  /** Where `--json` writes; default bench/results.json. */
  out: string | undefined;
  /** Plan sizes of the export cases. */
  sizes: number[];
  /** Sizes the naive exporter runs at; larger sizes are extrapolated. */
  naiveSizes: number[];
  /** Project keys of the export cases. */
  projects: string[];
  /** Project keys of the export cases above 1,000 items (WEB lies between WEBL and WEBX). */
  largeProjects: string[];
  /** Injected latency per request, ms. */
  latencyMs: number;
  /** Items of the plan whose validation memory is measured (0 skips). */
  validateItems: number;
  /** Run the HTTP load and SSE fan-out case. */
  http: boolean;
  /** Seconds of each autocannon run. */
  httpSeconds: number;
  /** SSE watchers of one export. */
  watchers: number;
  /** Time plan validation (bench/validate.ts). */
  validationTimings: boolean;
}

/** The help text; also shown with any mistake in the options. */
export const USAGE = `Usage: npm run bench -- [options]
  --json               also write bench/results.json
  --out FILE           write the JSON there instead (implies --json)
  --quick              100-item plans on WEB and WEBX, naive at 100, small load and memory cases
  --sizes 100,1000     plan sizes of the export cases (default 100,1000,5000)
  --naive-sizes 100    sizes the naive exporter runs at (default 100,1000; others extrapolated)
  --projects WEB,WEBX  projects to export to at every size (default WEBL,WEB,WEBX up to 1,000
                       items, WEBL,WEBX above)
  --latency-ms 50      latency the emulator adds to every request (default 50)
  --no-http            skip the HTTP load and SSE fan-out case
  --no-validate        skip plan validation timings and memory`;

/** A mistake in the command line; its message holds the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` (without node and the script); throws `UsageError` on a mistake. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    json: false,
    out: undefined,
    sizes: [100, 1_000, 5_000],
    naiveSizes: [100, 1_000],
    projects: ['WEBL', 'WEB', 'WEBX'],
    largeProjects: ['WEBL', 'WEBX'],
    latencyMs: 50,
    validateItems: 10_000,
    http: true,
    httpSeconds: 10,
    watchers: 500,
    validationTimings: true,
  };
  const list = (value: string | undefined) => {
    const numbers = (value ?? '').split(',').map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new UsageError(`Expected a comma-separated list of positive integers.\n${USAGE}`);
    }
    return numbers;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => argv[++i];
    if (arg === '--json') options.json = true;
    else if (arg === '--out') {
      options.json = true;
      options.out = next();
    } else if (arg === '--quick') {
      options.sizes = [100];
      options.naiveSizes = [100];
      options.projects = ['WEB', 'WEBX'];
      options.largeProjects = options.projects;
      options.validateItems = 1_000;
      options.httpSeconds = 1;
      options.watchers = 100;
      options.validationTimings = false;
    } else if (arg === '--sizes') options.sizes = list(next());
    else if (arg === '--naive-sizes') options.naiveSizes = list(next());
    else if (arg === '--projects') {
      options.projects = (next() ?? '').split(',').filter(Boolean);
      options.largeProjects = options.projects;
    } else if (arg === '--latency-ms') options.latencyMs = list(next())[0] ?? 50;
    else if (arg === '--no-http') options.http = false;
    else if (arg === '--no-validate') {
      options.validateItems = 0;
      options.validationTimings = false;
    } else throw new UsageError(`Unknown option ${arg}.\n${USAGE}`);
  }
  return options;
}
