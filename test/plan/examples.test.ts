import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  DATA_MIGRATION_PATH,
  renderDataMigrationPlan,
} from '../../scripts/generate-data-migration-plan.ts';
import { countPlan, longestDependencyChain } from '../../src/plan/graph.ts';
import { parsePlanText } from '../../src/plan/parse.ts';
import { PLAN_SCHEMA } from '../../src/plan/schema.ts';

const doc = readFileSync('docs/plan-format.md', 'utf8');
const load = (path: string) => parsePlanText(readFileSync(path, 'utf8'), path);

/** The fenced blocks of a language in the doc, in order. */
function blocks(language: string): string[] {
  const pattern = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...doc.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('example plans', () => {
  it('are valid without warnings, with the counts the format doc states', () => {
    // Cells may be padded: the formatter aligns Markdown tables.
    const rows = [
      ...doc.matchAll(
        /^\| *`(examples\/plans\/[^`]+)` *\| *(\d+) *\| *(\d+) *\| *(\d+) *\| *(\d+) *\|$/gm,
      ),
    ];
    assert.equal(rows.length, 3);
    for (const [, path = '', items, dependencies, external, chain] of rows) {
      const result = load(path);
      assert.deepEqual(result.diagnostics, [], path);
      assert.ok(result.plan, path);
      const counts = countPlan(result.plan);
      assert.equal(counts.items, Number(items), `${path} items`);
      assert.equal(counts.dependencies, Number(dependencies), `${path} dependencies`);
      assert.equal(counts.dependencies - counts.internalDependencies, Number(external), path);
      assert.equal(longestDependencyChain(result.plan).length, Number(chain), `${path} chain`);
    }
  });

  it('web-launch has four epics and exactly one dependency on the existing WEB-1', () => {
    const plan = load('examples/plans/web-launch.yaml').plan;
    assert.ok(plan);
    const counts = countPlan(plan);
    assert.equal(counts.byType.epic, 4);
    assert.deepEqual(counts.externalKeys, ['WEB-1']);
    assert.ok((counts.byType.subtask ?? 0) > 0 && (counts.byStatus.done ?? 0) > 0);
  });

  it('mobile-app uses features, bugs, spikes and milestones', () => {
    const plan = load('examples/plans/mobile-app.yaml').plan;
    assert.ok(plan);
    const { byType } = countPlan(plan);
    for (const type of ['feature', 'bug', 'spike', 'milestone'] as const) {
      assert.ok((byType[type] ?? 0) >= 2, type);
    }
  });

  it('data-migration.yaml is what its generator script writes', () => {
    assert.equal(readFileSync(DATA_MIGRATION_PATH, 'utf8'), renderDataMigrationPlan());
  });

  it('every invalid example fails validation', () => {
    const files = readdirSync('examples/plans/invalid').filter(
      (name) => /\.(ya?ml|json)$/.test(name) && name !== 'biome.json',
    );
    assert.ok(files.length >= 15);
    for (const name of files) {
      const result = load(`examples/plans/invalid/${name}`);
      assert.equal(result.plan, undefined, name);
      assert.ok(
        result.diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
        name,
      );
    }
  });
});

describe('docs/plan-format.md', () => {
  it('publishes exactly the schema validation uses', () => {
    const published = blocks('json').at(-1);
    assert.ok(published);
    assert.deepEqual(JSON.parse(published), JSON.parse(JSON.stringify(PLAN_SCHEMA)));
  });

  it('shows a small plan that is valid in YAML and in JSON', () => {
    const [yaml] = blocks('yaml');
    const [json] = blocks('json');
    assert.ok(yaml && json);
    const fromYaml = parsePlanText(yaml, 'small.yaml');
    assert.deepEqual(fromYaml.diagnostics, []);
    assert.equal(fromYaml.plan?.items[0]?.children.length, 2);
    const fromJson = parsePlanText(json, 'small.json');
    assert.deepEqual(fromJson.diagnostics, []);
    assert.deepEqual(fromJson.plan?.items[0]?.dependsOn, ['MKT-42']);
  });
});
