/** The bench results and their Markdown tables (what docs/performance.md shows). */
import type { Bound } from './bounds.ts';
import type { Measured } from './cases.ts';
import type { HttpResults } from './http-load.ts';
import type { ValidationTiming } from './validate.ts';

/** One Projan export case with its bound. */
export interface ExportRow {
  items: number;
  project: string;
  dependencies: number;
  measured: Measured;
  bound: Bound;
}

/** One naive case, measured or extrapolated. */
export interface NaiveRow {
  items: number;
  project: string;
  requests: number;
  points: number;
  seconds: number;
  /** Set when the row is an estimate from a smaller run, not a measurement. */
  extrapolatedFrom?: number;
}

/** Everything `npm run bench -- --json` writes to bench/results.json. */
export interface BenchResults {
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run began and ended: other work shares the machine. */
    loadAverage: { start: number; end: number };
  };
  settings: { latencyMs: number; rateLimits: string };
  startedAt: string;
  totalSeconds: number;
  exports: ExportRow[];
  naive: NaiveRow[];
  memory: {
    export?: { items: number; project: string; peakRssMb: number; baselineRssMb: number };
    validate?: { items: number; ms: number; peakRssMb: number; baselineRssMb: number };
  };
  validation: ValidationTiming[];
  http: HttpResults | { skipped: string } | null;
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const secs = (s: number) => (s >= 10 ? s.toFixed(0) : s.toFixed(1));

/** The tables, in Markdown. */
export function renderTables(results: BenchResults): string {
  const out: string[] = [];
  const m = results.machine;
  out.push(
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}; load average ${m.loadAverage.start.toFixed(1)} at start, ${m.loadAverage.end.toFixed(1)} at end. Emulator latency ${results.settings.latencyMs} ms per request; ${results.settings.rateLimits}.`,
    '',
    '### Projan against the lower bound',
    '',
    '| items | project | links riding (done / bound) | requests (bound) | points (bound) | points / bound | seconds (bound) | wall / bound |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of results.exports) {
    const m = row.measured;
    const b = row.bound;
    const riding = (m.links ?? 0) - (m.byOperation['POST /rest/api/3/issueLink']?.requests ?? 0);
    out.push(
      `| ${row.items} | ${row.project} | ${riding} / ${b.parts.ridingLinks} of ${row.dependencies} | ${m.requests} (${b.requests}) | ${m.points} (${b.points}) | ${ratio(m.points, b.points)} | ${secs(m.seconds)} (${secs(b.seconds)}) | ${ratio(m.seconds, b.seconds)} |`,
    );
  }
  out.push(
    '',
    '### Where the requests and the time go (Projan, per phase: requests / points / seconds)',
    '',
    '| items | project | preflight | creating | linking | transitioning | other |',
    '| ---: | --- | --- | --- | --- | --- | --- |',
  );
  for (const row of results.exports) {
    const phases = row.measured.byPhase ?? {};
    const cell = (name: string) => {
      const p = phases[name];
      return p ? `${p.requests} / ${p.points} / ${secs(p.seconds)}` : '-';
    };
    const named = new Set(['preflight', 'creating', 'linking', 'transitioning']);
    const rest = Object.entries(phases).filter(([name]) => !named.has(name));
    const other = rest
      .filter(([, p]) => p.requests > 0 || p.seconds >= 0.05)
      .map(([name, p]) => `${name} ${p.requests} / ${p.points} / ${secs(p.seconds)}`)
      .join(', ');
    out.push(
      `| ${row.items} | ${row.project} | ${cell('preflight')} | ${cell('creating')} | ${cell('linking')} | ${cell('transitioning')} | ${other || '-'} |`,
    );
  }
  out.push(
    '',
    '### Projan against the naive jira.js exporter',
    '',
    '| items | naive requests | naive points | naive seconds | project | Projan / naive requests | points | seconds |',
    '| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
  );
  for (const naive of results.naive) {
    const note = naive.extrapolatedFrom ? ` (estimated from ${naive.extrapolatedFrom})` : '';
    for (const row of results.exports.filter((r) => r.items === naive.items)) {
      const m = row.measured;
      out.push(
        `| ${naive.items} | ${naive.requests} | ${naive.points} | ${secs(naive.seconds)}${note} | ${row.project} | ${ratio(m.requests, naive.requests)} | ${ratio(m.points, naive.points)} | ${ratio(m.seconds, naive.seconds)} |`,
      );
    }
  }
  const { memory } = results;
  out.push('', '### Memory (peak RSS of a child process running only that work)', '');
  if (memory.export) {
    out.push(
      `- Export of ${memory.export.items} items (${memory.export.project}, Projan core with SQLite, worker and Jira client): peak ${memory.export.peakRssMb} MB (${memory.export.baselineRssMb} MB after start-up and connecting, before the export).`,
    );
  }
  if (memory.validate) {
    out.push(
      `- Validating a ${memory.validate.items}-item plan (JSON file read and validated): peak ${memory.validate.peakRssMb} MB (${memory.validate.baselineRssMb} MB before), ${memory.validate.ms.toFixed(0)} ms.`,
    );
  }
  if (results.validation.length > 0) {
    out.push('', '### Plan validation time (bench/validate.ts)', '');
    out.push(
      '| items | YAML KiB | validate ms | parse + validate ms |',
      '| ---: | ---: | ---: | ---: |',
    );
    for (const v of results.validation) {
      out.push(
        `| ${v.items} | ${v.yamlKiB} | ${v.validateMs.toFixed(0)} | ${v.parseAndValidateMs.toFixed(0)} |`,
      );
    }
  }
  if (results.http) out.push('', ...renderHttp(results.http));
  return out.join('\n');
}

function renderHttp(http: HttpResults | { skipped: string }): string[] {
  if ('skipped' in http) return ['### HTTP API under load', '', `Not run: ${http.skipped}`];
  const out = [
    '### HTTP API under load (autocannon, loopback)',
    '',
    '| route | clients | seconds | requests/s (mean) | latency p50 ms | p99 ms | non-2xx | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of http.routes) {
    out.push(
      `| ${r.route} | ${r.connections} | ${r.seconds} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} | ${r.errors} |`,
    );
  }
  const f = http.fanOut;
  out.push(
    '',
    `SSE fan-out: ${f.watchers} watchers of one export; ${f.received} of them received the published report; from publish to the last watcher: ${f.allReceivedMs.toFixed(0)} ms (median ${f.medianMs.toFixed(0)} ms).`,
  );
  return out;
}
