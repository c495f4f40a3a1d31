/**
 * Times plan validation on generated plans of 1,000 and 10,000 items: epics of stories of tasks,
 * each task depending on two earlier items, a few on Jira keys. Prints one line per size, for
 * the YAML path (parse + validate) and the document path (validate only).
 *
 * Run: `npx tsx bench/validate.ts`, or as part of `npm run bench`. Not a test: timings depend on
 * the machine.
 */
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import type { PlanItemDocument } from '../src/plan/model.ts';
import { parsePlanText } from '../src/plan/parse.ts';
import { validatePlanDocument } from '../src/plan/validate.ts';

function generate(size: number) {
  const items: PlanItemDocument[] = [];
  const ids: string[] = [];
  let count = 0;
  for (let e = 0; count < size; e++) {
    const epic: PlanItemDocument = {
      id: `epic-${e}`,
      type: 'epic',
      title: `Epic ${e}`,
      children: [],
    };
    items.push(epic);
    ids.push(epic.id);
    count++;
    for (let s = 0; s < 10 && count < size; s++) {
      const story: PlanItemDocument = {
        id: `story-${e}-${s}`,
        type: 'story',
        title: `Story ${s} of epic ${e}`,
        labels: ['bench', `epic-${e}`],
        estimate: { points: 3 },
        children: [],
      };
      epic.children?.push(story);
      ids.push(story.id);
      count++;
      for (let t = 0; t < 8 && count < size; t++) {
        const id = `task-${e}-${s}-${t}`;
        const earlier = [ids[ids.length - 1], ids[Math.floor(ids.length / 2)]];
        const dependsOn = earlier.filter(
          (dep): dep is string => dep !== undefined && !dep.startsWith('epic'),
        );
        if (t === 0 && s === 0) dependsOn.push(`OPS-${e + 1}`);
        story.children?.push({
          id,
          type: 'task',
          title: `Task ${t} of story ${s}`,
          description: 'Generated for the validation benchmark.',
          dueDate: '2027-06-30',
          dependsOn: [...new Set(dependsOn)],
        });
        ids.push(id);
        count++;
      }
    }
  }
  return { id: `bench-${size}`, title: `Benchmark plan of ${size} items`, items };
}

function time(work: () => unknown, rounds: number): number {
  work();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) work();
  return (performance.now() - start) / rounds;
}

/** Validation timings of one plan size. */
export interface ValidationTiming {
  items: number;
  yamlKiB: number;
  validateMs: number;
  parseAndValidateMs: number;
}

/** Times validation (and YAML parse + validation) of generated plans of each size. */
export function timeValidation(
  sizes: readonly number[] = [1_000, 10_000],
  rounds = { validate: 5, parse: 3 },
): ValidationTiming[] {
  return sizes.map((size) => {
    const document = generate(size);
    const text = stringify(document);
    const check = validatePlanDocument(document);
    if (!check.plan) throw new Error(`generated plan is invalid: ${check.diagnostics[0]?.message}`);
    return {
      items: size,
      yamlKiB: Math.round(text.length / 1024),
      validateMs: time(() => validatePlanDocument(document), rounds.validate),
      parseAndValidateMs: time(() => parsePlanText(text, 'bench.yaml'), rounds.parse),
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of timeValidation()) {
    console.log(
      `${row.items} items (${row.yamlKiB} KiB YAML): validate ${row.validateMs.toFixed(1)} ms, parse + validate ${row.parseAndValidateMs.toFixed(1)} ms`,
    );
  }
}
