import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../src/plan/diagnostics.ts';
import { parsePlanText } from '../../src/plan/parse.ts';
import { validatePlanDocument } from '../../src/plan/validate.ts';

const invalid = (name: string) => {
  const path = `examples/plans/invalid/${name}`;
  return parsePlanText(readFileSync(path, 'utf8'), path);
};
const errors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
const pick = ({ code, itemId, path, line, column }: Diagnostic) => ({
  code,
  itemId,
  path,
  line,
  column,
});

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'task',
  title: `Task ${id}`,
  ...extra,
});
const plan = (items: unknown[]) => ({ id: 'p', title: 'Plan', items });

describe('validation rules, one invalid example each', () => {
  it('refuses a duplicate id and names where the first one is', () => {
    const result = invalid('duplicate-id.yaml');
    assert.equal(result.plan, undefined);
    assert.deepEqual(errors(result.diagnostics).map(pick), [
      {
        code: 'duplicate-id',
        itemId: 'login-form',
        path: 'items[0].children[1].id',
        line: 12,
        column: 13,
      },
    ]);
    assert.match(
      result.diagnostics[0]?.message ?? '',
      /already used by the item at items\[0\]\.children\[0\]/,
    );
  });

  it('refuses an unknown dependency but keeps a Jira key as an external one', () => {
    const result = invalid('unknown-dependency.yaml');
    assert.deepEqual(errors(result.diagnostics).map(pick), [
      {
        code: 'unknown-dependency',
        itemId: 'search-ui',
        path: 'items[1].dependsOn[1]',
        line: 11,
        column: 26,
      },
    ]);
    assert.equal(
      result.diagnostics[0]?.message,
      'dependsOn names "search-index", which is neither an item id of this plan nor a Jira issue key such as PAY-123; did you mean "search-indexer"?',
    );
  });

  it('gives a hint only when one id is close to an unknown target', () => {
    const result = validatePlanDocument(
      plan([item('api-v1'), item('api-v2'), item('ui', { dependsOn: ['api-v3', 'database'] })]),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => d.message.split('; ')[1]),
      ['fix the id or remove the entry.', 'fix the id or remove the entry.'],
    );
  });

  it('prints a dependency cycle in order', () => {
    const result = invalid('dependency-cycle.yaml');
    assert.deepEqual(errors(result.diagnostics).map(pick), [
      {
        code: 'dependency-cycle',
        itemId: 'export-api',
        path: 'items[0].dependsOn[0]',
        line: 8,
        column: 17,
      },
    ]);
    assert.match(
      result.diagnostics[0]?.message ?? '',
      /^Dependency cycle: export-api -> export-ui -> export-contract -> export-api /,
    );
  });

  it('points a cycle at the dependsOn entry that leads into it', () => {
    const result = validatePlanDocument(
      plan([
        item('x'),
        item('b', { dependsOn: ['PAY-1', 'x', 'c'] }),
        item('c', { dependsOn: ['b'] }),
      ]),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.itemId, d.path]),
      [['dependency-cycle', 'b', 'items[1].dependsOn[2]']],
    );
    assert.match(result.diagnostics[0]?.message ?? '', /^Dependency cycle: b -> c -> b /);
  });

  it('refuses self-dependency', () => {
    assert.deepEqual(errors(invalid('self-dependency.yaml').diagnostics).map(pick), [
      {
        code: 'self-dependency',
        itemId: 'invoice-pdf',
        path: 'items[0].dependsOn[0]',
        line: 7,
        column: 17,
      },
    ]);
  });

  it('refuses unknown types and priorities, listing the allowed values', () => {
    const type = invalid('unknown-type.yaml').diagnostics;
    assert.deepEqual(type.map(pick), [
      { code: 'unknown-type', itemId: 'welcome-email', path: 'items[0].type', line: 5, column: 11 },
    ]);
    assert.equal(
      type[0]?.message,
      'Unknown type "storey"; use one of epic, feature, story, task, subtask, bug, spike, milestone.',
    );
    const priority = invalid('unknown-priority.yaml').diagnostics;
    assert.deepEqual(priority.map(pick), [
      {
        code: 'unknown-priority',
        itemId: 'welcome-email',
        path: 'items[0].priority',
        line: 7,
        column: 15,
      },
    ]);
  });

  it('refuses dates that are not real calendar dates', () => {
    assert.deepEqual(invalid('invalid-date.yaml').diagnostics.map(pick), [
      {
        code: 'invalid-date',
        itemId: 'close-books',
        path: 'items[0].dueDate',
        line: 8,
        column: 14,
      },
    ]);
    const leap = validatePlanDocument(plan([item('a', { dueDate: '2028-02-29' })]));
    assert.deepEqual(leap.diagnostics, []);
    for (const dueDate of ['2027-13-01', '2027-04-31', '27-01-01', '2027-1-5', 20270101]) {
      const result = validatePlanDocument(plan([item('a', { dueDate })]));
      assert.equal(result.plan, undefined, String(dueDate));
    }
  });

  it('refuses empty, multi-line and over-long titles', () => {
    assert.deepEqual(invalid('empty-title.yaml').diagnostics.map(pick), [
      { code: 'empty-title', itemId: 'macros', path: 'items[0].title', line: 6, column: 12 },
    ]);
    const long = invalid('long-title.yaml').diagnostics;
    assert.deepEqual(long.map(pick), [
      {
        code: 'title-too-long',
        itemId: 'monthly-report',
        path: 'items[0].title',
        line: 6,
        column: 12,
      },
    ]);
    assert.match(
      long[0]?.message ?? '',
      /^The title is 323 characters long; Jira allows at most 255/,
    );
    assert.deepEqual(
      validatePlanDocument(plan([item('a', { title: 'x'.repeat(255) })])).diagnostics,
      [],
    );
    const multiline = validatePlanDocument(plan([item('a', { title: 'one\ntwo' })]));
    assert.deepEqual(
      multiline.diagnostics.map((d) => d.code),
      ['multiline-title'],
    );
  });

  it('refuses nesting deeper than six levels, once, at the first level too deep', () => {
    const result = invalid('too-deep.yaml');
    assert.deepEqual(errors(result.diagnostics).map(pick), [
      {
        code: 'nesting-too-deep',
        itemId: 'l7',
        path: 'items[0].children[0].children[0].children[0].children[0].children[0].children[0]',
        line: 29,
        column: 29,
      },
    ]);
  });

  it('refuses an epic under a story and children under a subtask', () => {
    assert.deepEqual(invalid('inverted-hierarchy.yaml').diagnostics.map(pick), [
      {
        code: 'inverted-hierarchy',
        itemId: 'accounts-epic',
        path: 'items[0].children[0].type',
        line: 10,
        column: 15,
      },
    ]);
    assert.deepEqual(invalid('subtask-children.yaml').diagnostics.map(pick), [
      {
        code: 'subtask-has-children',
        itemId: 'avatar-webp',
        path: 'items[0].children[0].children[0].type',
        line: 14,
        column: 19,
      },
    ]);
  });

  it('warns, without refusing, about same-level nesting and children of a milestone', () => {
    const result = validatePlanDocument(
      plan([
        { ...item('story-a'), type: 'story', children: [{ ...item('story-b'), type: 'story' }] },
        { ...item('m'), type: 'milestone', children: [item('t')] },
      ]),
    );
    assert.ok(result.plan);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.severity, d.code, d.itemId]),
      [
        ['warning', 'same-level-nesting', 'story-b'],
        ['warning', 'milestone-has-children', 't'],
      ],
    );
  });

  it('refuses unknown fields and suggests the right spelling', () => {
    const result = invalid('unknown-field.yaml');
    assert.deepEqual(result.diagnostics.map(pick), [
      { code: 'unknown-field', itemId: 'b', path: 'items[1].depends_on', line: 10, column: 5 },
    ]);
    assert.equal(
      result.diagnostics[0]?.message,
      'Unknown field `depends_on`: did you mean `dependsOn`? Fields of your own must start with `x-`.',
    );
    assert.ok(validatePlanDocument(plan([item('a', { 'x-source': { line: 3 } })])).plan);
    const typo = validatePlanDocument({ ...plan([item('a', { label: ['web'] })]), tittle: 'T' });
    assert.deepEqual(
      typo.diagnostics.map((d) => [d.path, d.message]),
      [
        [
          'tittle',
          'Unknown field `tittle`: did you mean `title`? Fields of your own must start with `x-`.',
        ],
        [
          'items[0].label',
          'Unknown field `label`: did you mean `labels`? Fields of your own must start with `x-`.',
        ],
      ],
    );
  });

  it('names every missing required field', () => {
    assert.deepEqual(invalid('missing-fields.json').diagnostics.map(pick), [
      { code: 'missing-field', itemId: undefined, path: undefined, line: 1, column: 1 },
      { code: 'missing-field', itemId: 'a', path: 'items[0]', line: 3, column: 13 },
      { code: 'missing-field', itemId: undefined, path: 'items[1]', line: 3, column: 48 },
    ]);
  });

  it('refuses a file that is not a map', () => {
    assert.deepEqual(
      invalid('not-a-plan.json').diagnostics.map((d) => d.code),
      ['not-a-plan'],
    );
    for (const document of [null, undefined, 42, 'text', []]) {
      assert.equal(validatePlanDocument(document).plan, undefined);
    }
  });

  it('refuses a plan id that is not a slug and labels with spaces', () => {
    const result = validatePlanDocument({
      id: 'Web Launch',
      title: 'T',
      items: [item('a', { labels: ['front end'] })],
    });
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.path]),
      [
        ['invalid-plan-id', 'id'],
        ['invalid-label', 'items[0].labels[0]'],
      ],
    );
    assert.match(result.diagnostics[1]?.message ?? '', /write it as "front-end"/);
  });

  it('reports every problem at once', () => {
    const result = validatePlanDocument(
      plan([
        item('a', { dependsOn: ['b', 'nope'] }),
        item('b', { dependsOn: ['a'], type: 'thing', priority: 'meh' }),
        item('a', { title: '' }),
      ]),
    );
    assert.deepEqual(result.diagnostics.map((d) => d.code).sort(), [
      'dependency-cycle',
      'duplicate-id',
      'empty-title',
      'unknown-dependency',
      'unknown-priority',
      'unknown-type',
    ]);
  });

  it('refuses more than 10,000 items with one error', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => item(`t${i}`));
    const result = validatePlanDocument(plan(many));
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.path]),
      [['too-many-items', 'items']],
    );
    assert.ok(validatePlanDocument(plan(many.slice(1))).plan);
  });
});

describe('dependency warnings', () => {
  it('warns about repeats, ancestors, descendants and done items waiting for open ones', () => {
    const result = validatePlanDocument(
      plan([
        { ...item('parent'), type: 'story', dependsOn: ['child'], children: [item('child')] },
        { ...item('epic'), type: 'epic', children: [item('inner', { dependsOn: ['epic'] })] },
        item('open'),
        item('closed', { status: 'done', dependsOn: ['open', 'open'] }),
      ]),
    );
    assert.ok(result.plan);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.itemId, d.path]),
      [
        ['depends-on-descendant', 'parent', 'items[0].dependsOn[0]'],
        ['depends-on-ancestor', 'inner', 'items[1].children[0].dependsOn[0]'],
        ['done-before-dependency', 'closed', 'items[3].dependsOn[0]'],
        ['duplicate-dependency', 'closed', 'items[3].dependsOn[1]'],
      ],
    );
  });

  it('warns when an item id reads like a Jira key', () => {
    const result = validatePlanDocument(
      plan([item('WEB-12'), item('b', { dependsOn: ['WEB-12'] })]),
    );
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['id-like-jira-key'],
    );
    assert.equal(result.plan?.items[1]?.dependsOn[0], 'WEB-12');
  });
});

describe('normalisation', () => {
  it('applies defaults, trims ids and titles, de-duplicates labels and turns number ids into text', () => {
    const result = validatePlanDocument({
      id: 'p',
      title: '  Plan  ',
      'x-tool': 'planner',
      items: [
        { id: 7, type: 'task', title: ' Seven ' },
        {
          id: ' b ',
          type: 'story',
          title: 'B',
          labels: ['api', 'api', 'web'],
          dependsOn: [7, ' 7 ', 'PAY-1'],
          estimate: { points: 3 },
          acceptanceCriteria: [],
        },
      ],
    });
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['duplicate-dependency'],
    );
    assert.deepEqual(result.plan, {
      id: 'p',
      title: 'Plan',
      items: [
        {
          id: '7',
          type: 'task',
          title: 'Seven',
          priority: 'medium',
          status: 'todo',
          dependsOn: [],
          children: [],
        },
        {
          id: 'b',
          type: 'story',
          title: 'B',
          priority: 'medium',
          status: 'todo',
          labels: ['api', 'web'],
          estimate: { points: 3 },
          dependsOn: ['7', 'PAY-1'],
          children: [],
        },
      ],
    });
  });

  it('keeps YAML 1.2 words such as no, on and yes as text', () => {
    const result = parsePlanText(
      'id: p\ntitle: on\nitems:\n  - id: no\n    type: task\n    title: yes\n    labels: [off, y]\n',
      'p.yaml',
    );
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.plan?.title, 'on');
    assert.equal(result.plan?.items[0]?.id, 'no');
    assert.deepEqual(result.plan?.items[0]?.labels, ['off', 'y']);
  });
});

describe('robustness', () => {
  it('never throws on randomly damaged plans', () => {
    const text = readFileSync('examples/plans/web-launch.yaml', 'utf8');
    const original = parsePlanText(text, 'web-launch.yaml');
    assert.ok(original.plan);
    const junk: unknown[] = [
      null,
      0,
      -1,
      1.5,
      '',
      ' ',
      'x',
      [],
      {},
      [null],
      { id: 1 },
      true,
      'PAY-1',
      'a'.repeat(300),
    ];
    // A fixed-seed generator keeps failures reproducible.
    let seed = 42;
    const random = (limit: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % limit;
    };
    for (let round = 0; round < 300; round++) {
      const document = JSON.parse(JSON.stringify(original.plan)) as Record<string, unknown>;
      for (let edit = 0; edit < 3; edit++) {
        let target: unknown = document;
        let key: string | number = 'items';
        for (let step = 0; step < 1 + random(6); step++) {
          const next: unknown = (target as Record<string | number, unknown>)[key];
          if (typeof next !== 'object' || next === null) break;
          const keys: string[] = Object.keys(next);
          if (keys.length === 0) break;
          target = next;
          key = keys[random(keys.length)] ?? 0;
          if (Array.isArray(next)) key = Number(key);
        }
        (target as Record<string | number, unknown>)[key] = junk[random(junk.length)];
      }
      const result = validatePlanDocument(document);
      assert.ok(
        result.plan !== undefined || result.diagnostics.some((d) => d.severity === 'error'),
      );
      for (const diagnostic of result.diagnostics)
        assert.ok(
          diagnostic.message.endsWith('.') || diagnostic.message.endsWith('?'),
          diagnostic.message,
        );
    }
  });
});
