/**
 * `npm run bench`: export cost and speed against the lower bound and a naive exporter, memory,
 * and the HTTP API under load, on this machine, against the emulator with injected latency and
 * Atlassian's documented limits. Prints Markdown tables; `--json` also writes
 * bench/results.json. Options: `npm run bench -- --help`. Not a test: numbers depend on the
 * machine, and nothing here asserts a target (docs/performance.md discusses them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../src/plan/model.ts';
import { validatePlanDocument } from '../src/plan/validate.ts';
import { lowerBound } from './bounds.ts';
import { type Measured, naiveCase, projanCase, validateCase } from './cases.ts';
import { ASSIGNEES, EXISTING_KEYS, LINKS_PROJECT, PROJECTS } from './fixture.ts';
import { httpLoad } from './http-load.ts';
import { parseOptions, USAGE, UsageError } from './options.ts';
import { generatePlan, planStats } from './plan-gen.ts';
import { type BenchResults, type NaiveRow, renderTables } from './report.ts';
import { timeValidation } from './validate.ts';

/** Transitions from To Do to Done in WEB's workflow (start, send to review, approve). */
const STEPS_TO_DONE = 3;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Average points per request of each operation in a measured run: the emulator's prices. */
function priceList(measured: Measured): (operation: string) => number {
  return (operation) => {
    const seen = measured.byOperation[operation];
    return seen && seen.requests > 0 ? seen.points / seen.requests : 1;
  };
}

/** Requests the naive exporter sends for `plan`, counted from its code path. */
function naiveRequests(plan: Plan): number {
  let requests = 0;
  const assignees = new Set<string>();
  const walk = (items: Plan['items']) => {
    for (const item of items) {
      requests += 1 + item.dependsOn.length + (item.status === 'done' ? 2 * STEPS_TO_DONE : 0);
      if (item.assignee) assignees.add(item.assignee);
      walk(item.children);
    }
  };
  walk(plan.items);
  return requests + assignees.size;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  for (const key of [...options.projects, ...options.largeProjects]) {
    if (!PROJECTS.some((project) => project.key === key)) {
      throw new UsageError(`Unknown project ${key}: choose among WEBL, WEB and WEBX.\n${USAGE}`);
    }
  }
  const began = Date.now();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'projan-bench-plans-'));
  const results: BenchResults = {
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: { start: os.loadavg()[0] ?? 0, end: 0 },
    },
    settings: {
      latencyMs: options.latencyMs,
      rateLimits:
        "Atlassian's documented defaults (65,000 points/hour, burst 100/s GET and POST, 50/s PUT and DELETE, 20 writes per issue per 2 s)",
    },
    startedAt: new Date(began).toISOString(),
    totalSeconds: 0,
    exports: [],
    naive: [],
    memory: {},
    validation: [],
    http: null,
  };

  try {
    for (const size of options.sizes) {
      const document = generatePlan({ size, externalKeys: EXISTING_KEYS, assignees: ASSIGNEES });
      const stats = planStats(document);
      const plan = validatePlanDocument(document).plan;
      if (!plan) throw new Error(`the generated ${size}-item plan is invalid`);
      const planFile = path.join(dir, `plan-${size}.json`);
      writeFileSync(planFile, JSON.stringify(document));
      log(`${size} items: ${JSON.stringify(stats.byType)}, ${stats.dependencies} dependencies`);

      for (const key of size > 1_000 ? options.largeProjects : options.projects) {
        const project = PROJECTS.find((candidate) => candidate.key === key);
        if (!project) continue; // checked above
        log(`Projan -> ${key}, ${size} items`);
        const measured = await projanCase(planFile, key, options);
        const bound = lowerBound(
          plan,
          {
            linksOnCreateScreen: project.linksOnCreate,
            stepsToDone: STEPS_TO_DONE,
            readPoints: priceList(measured),
          },
          options.latencyMs,
        );
        results.exports.push({
          items: size,
          project: key,
          dependencies: stats.dependencies,
          measured,
          bound,
        });
        log(`  ${measured.requests} requests, ${measured.points} points, ${measured.seconds} s`);
        if (size === Math.max(...options.sizes)) {
          const current = results.memory.export;
          if (!current || measured.peakRssMb > current.peakRssMb) {
            results.memory.export = {
              items: size,
              project: key,
              peakRssMb: measured.peakRssMb,
              baselineRssMb: measured.baselineRssMb ?? 0,
            };
          }
        }
      }
      results.naive.push(await naive(options, size, planFile, plan, results.naive));
    }

    if (options.validateItems > 0) {
      const file = path.join(dir, `validate-${options.validateItems}.json`);
      writeFileSync(file, JSON.stringify(generatePlan({ size: options.validateItems })));
      log(`validating a ${options.validateItems}-item plan in a child process`);
      const measured = await validateCase(file);
      results.memory.validate = { items: options.validateItems, ...measured };
    }
    if (options.validationTimings) {
      log('timing plan validation (bench/validate.ts)');
      results.validation = timeValidation([1_000, 10_000], { validate: 3, parse: 1 });
    }
    if (options.http) {
      log('HTTP API under load');
      results.http = await httpLoad(options);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  results.totalSeconds = Math.round((Date.now() - began) / 1000);
  results.machine.loadAverage.end = os.loadavg()[0] ?? 0;
  process.stdout.write(`${renderTables(results)}\n\nTotal bench time: ${results.totalSeconds} s\n`);
  if (options.json) {
    const out = options.out ?? fileURLToPath(new URL('./results.json', import.meta.url));
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`wrote ${out}`);
  }
}

/** Runs the naive exporter at `size`, or estimates it from the largest size it ran at. */
async function naive(
  options: ReturnType<typeof parseOptions>,
  size: number,
  planFile: string,
  plan: Plan,
  earlier: readonly NaiveRow[],
): Promise<NaiveRow> {
  const requests = naiveRequests(plan);
  if (options.naiveSizes.includes(size)) {
    log(`naive jira.js -> ${LINKS_PROJECT}, ${size} items`);
    const measured = await naiveCase(planFile, LINKS_PROJECT, options);
    log(`  ${measured.requests} requests, ${measured.points} points, ${measured.seconds} s`);
    return {
      items: size,
      project: LINKS_PROJECT,
      requests: measured.requests,
      points: measured.points,
      seconds: measured.seconds,
    };
  }
  const base = earlier.filter((row) => !row.extrapolatedFrom).at(-1);
  if (!base) throw new Error('the naive exporter must run at a smaller size before estimating');
  // Every naive request waits for the one before it, so time and points grow with requests.
  return {
    items: size,
    project: LINKS_PROJECT,
    requests,
    points: Math.round((base.points / base.requests) * requests),
    seconds: (base.seconds / base.requests) * requests,
    extrapolatedFrom: base.items,
  };
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
