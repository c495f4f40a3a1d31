import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDocument, listTaskMasterTags } from '../../../src/plan/import/index.ts';
import { allItems, importValid, itemById, withCode } from './helpers.ts';

const json = (value: unknown) => JSON.stringify(value, null, 2);

const task = (id: number | string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Task ${id}`,
  description: `Do ${id}.`,
  status: 'pending',
  priority: 'medium',
  dependencies: [],
  ...extra,
});

describe('Task Master import: shapes and tags', () => {
  it('reads the legacy shape as the master tag', () => {
    const text = json({
      tasks: [task(1), task(2, { dependencies: [1] })],
      metadata: { projectName: 'Shop' },
    });
    const { document } = importValid(text, 'taskmaster');
    assert.equal(document.id, 'shop-master');
    assert.equal(document.title, 'Shop');
    assert.deepEqual(itemById(document, 'tm-master-2').dependsOn, ['tm-master-1']);
  });

  it('defaults to master when it has tasks, else to the first tag with tasks', () => {
    const both = json({ feature: { tasks: [task(1)] }, master: { tasks: [task(7)] } });
    assert.equal(allItems(importValid(both, 'taskmaster').document).length, 1);
    assert.ok(itemById(importValid(both, 'taskmaster').document, 'tm-master-7'));
    const emptyMaster = json({ master: { tasks: [] }, feature: { tasks: [task(1)] } });
    assert.ok(itemById(importValid(emptyMaster, 'taskmaster').document, 'tm-feature-1'));
  });

  it('finds tags in a hybrid file beside a tags wrapper, currentTag, version and metadata', () => {
    const text = json({
      version: '1.0.0',
      metadata: { projectName: 'Hybrid', totalTasks: 0 },
      tags: { master: { tasks: [], metadata: { created: 'x' } } },
      currentTag: 'master',
      alpha: { tasks: [task(1), task(2)] },
      beta: { tasks: [task(1)] },
    });
    assert.deepEqual(listTaskMasterTags(text), [
      { name: 'master', taskCount: 0 },
      { name: 'alpha', taskCount: 2 },
      { name: 'beta', taskCount: 1 },
    ]);
    assert.ok(itemById(importValid(text, 'taskmaster').document, 'tm-alpha-2'));
    const beta = importValid(text, 'taskmaster', { tag: 'beta' });
    assert.equal(beta.document.id, 'hybrid-beta');
    assert.equal(beta.document.title, 'Hybrid (beta)');
  });

  it('refuses an unknown tag, an empty tag and a file whose tags are all empty, naming the tags', () => {
    const text = json({ master: { tasks: [] }, alpha: { tasks: [task(1)] } });
    const unknown = importDocument(text, 'taskmaster', { tag: 'gamma' });
    assert.equal(unknown.document, undefined);
    assert.equal(
      unknown.diagnostics[0]?.message,
      'This file has no tag gamma. Choose one of: master (0 tasks), alpha (1 task).',
    );
    const empty = importDocument(text, 'taskmaster', { tag: 'master' });
    assert.equal(empty.diagnostics[0]?.code, 'empty-tag');
    const allEmpty = importDocument(json({ master: { tasks: [] } }), 'taskmaster');
    assert.equal(allEmpty.diagnostics[0]?.code, 'empty-tag');
  });

  it('refuses invalid JSON with its line and column, and a file with no task list', () => {
    const broken = importDocument('{\n  "tasks": [\n    {"id": 1,, }\n  ]\n}', 'taskmaster');
    assert.equal(broken.document, undefined);
    assert.deepEqual(
      {
        code: broken.diagnostics[0]?.code,
        line: broken.diagnostics[0]?.line,
        column: broken.diagnostics[0]?.column,
      },
      { code: 'syntax-error', line: 3, column: 14 },
    );
    const none = importDocument('{"version": 1}', 'taskmaster');
    assert.equal(none.diagnostics[0]?.code, 'no-tasks');
  });

  it("refuses another tool's tasks.json (TASK-001 ids and a completed flag)", () => {
    const text = json({
      version: '1',
      lastUpdated: '2025-01-01',
      tasks: [{ id: 'TASK-001', title: 'Write docs', status: 'todo', completed: false, tags: [] }],
      metadata: { nextId: 2 },
    });
    const result = importDocument(text, 'taskmaster');
    assert.equal(result.document, undefined);
    assert.equal(result.diagnostics[0]?.code, 'foreign-file');
  });

  it('ignores text after the JSON document with a warning on its line', () => {
    const text = json({ tasks: [task(1)] });
    const result = importValid(`${text}\n</content>\n`, 'taskmaster');
    assert.deepEqual(
      withCode(result.diagnostics, 'trailing-junk').map((d) => d.line),
      [text.split('\n').length + 1],
    );
  });
});

describe('Task Master import: tasks', () => {
  it('keeps string and slug ids and compares dependency ids as trimmed strings', () => {
    const text = json({
      tasks: [task('1'), task('rust-core'), task(3, { dependencies: [' 1', 'rust-core', 1] })],
    });
    const { document } = importValid(text, 'taskmaster');
    assert.deepEqual(itemById(document, 'tm-master-3').dependsOn, [
      'tm-master-1',
      'tm-master-rust-core',
    ]);
  });

  it('turns details and testStrategy into description sections', () => {
    const text = json({ tasks: [task(1, { details: 'Use **pnpm**.', testStrategy: 'Run it.' })] });
    assert.equal(
      itemById(importValid(text, 'taskmaster').document, 'tm-master-1').description,
      'Do 1.\n\n## Details\n\nUse **pnpm**.\n\n## Test strategy\n\nRun it.',
    );
  });

  it('maps statuses and priorities, keeping the nuance as a label and warning on unknown ones', () => {
    const statuses = [
      'pending',
      'in-progress',
      'review',
      'done',
      'deferred',
      'cancelled',
      'Completed',
      'blocked',
      'someday',
    ];
    const text = json({
      tasks: statuses.map((status, i) =>
        task(i + 1, { status, priority: i === 0 ? 'urgent' : i === 1 ? 'asap' : 'low' }),
      ),
    });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    const mapped = allItems(document).map((item) => [item.status, item.labels?.[0]]);
    assert.deepEqual(mapped, [
      ['todo', undefined],
      ['in_progress', undefined],
      ['in_progress', 'review'],
      ['done', undefined],
      ['todo', 'deferred'],
      ['done', 'cancelled'],
      ['done', undefined],
      ['todo', 'blocked'],
      ['todo', 'someday'],
    ]);
    assert.equal(itemById(document, 'tm-master-1').priority, 'urgent');
    assert.equal(itemById(document, 'tm-master-2').priority, undefined);
    assert.deepEqual(
      withCode(diagnostics, 'unknown-status').map((d) => d.itemId),
      ['9'],
    );
    assert.deepEqual(
      withCode(diagnostics, 'unknown-priority').map((d) => d.itemId),
      ['2'],
    );
  });

  it('types a task with subtasks as a story, and as an epic when its subtasks have subtasks', () => {
    const text = json({
      tasks: [
        task(1),
        task(2, { subtasks: [task(1), task(2)] }),
        task(3, { subtasks: [task(1, { subtasks: [task(1)] }), task(2)] }),
      ],
    });
    const { document } = importValid(text, 'taskmaster');
    const types = Object.fromEntries(allItems(document).map((item) => [item.id, item.type]));
    assert.deepEqual(types, {
      'tm-master-1': 'task',
      'tm-master-2': 'story',
      'tm-master-2.1': 'subtask',
      'tm-master-2.2': 'subtask',
      'tm-master-3': 'epic',
      'tm-master-3.1': 'story',
      'tm-master-3.1.1': 'subtask',
      'tm-master-3.2': 'task',
    });
  });

  it('reads subtask dependencies: sibling numbers, "P.S" strings, "41.1" ids and slug siblings', () => {
    const text = json({
      tasks: [
        task(41, {
          subtasks: [
            task('41.1'),
            task('41.2', { dependencies: ['41.1'] }),
            task(3, { dependencies: [1, 2] }),
            task('probe'),
            task('wire', { dependencies: ['probe'] }),
          ],
        }),
        task(42, { dependencies: ['41.2'] }),
      ],
    });
    const { document } = importValid(text, 'taskmaster');
    assert.deepEqual(itemById(document, 'tm-master-41.2').dependsOn, ['tm-master-41.1']);
    assert.deepEqual(itemById(document, 'tm-master-41.3').dependsOn, [
      'tm-master-41.1',
      'tm-master-41.2',
    ]);
    assert.deepEqual(itemById(document, 'tm-master-41.wire').dependsOn, ['tm-master-41.probe']);
    assert.deepEqual(itemById(document, 'tm-master-42').dependsOn, ['tm-master-41.2']);
  });

  it('drops a subtask number that is no sibling but a task id, as ambiguous, with a warning', () => {
    const text = json({
      tasks: [task(1), task(2, { subtasks: [task(1, { dependencies: [1, 9] })] }), task(9)],
    });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    assert.equal(itemById(document, 'tm-master-2.1').dependsOn, undefined);
    const [ambiguous] = withCode(diagnostics, 'ambiguous-dependency');
    assert.equal(ambiguous?.itemId, '2.1');
    assert.match(
      ambiguous?.message ?? '',
      /depends on 9, which is no subtask of 2 but is a task id/,
    );
    assert.equal(withCode(diagnostics, 'self-dependency')[0]?.itemId, '2.1');
  });

  it('accepts null and missing subtasks, and reads acceptanceCriteria and assignee', () => {
    const text = json({
      tasks: [
        {
          id: 1,
          title: 'A',
          subtasks: null,
          acceptanceCriteria: '- works\n- is fast',
          assignee: 'ana@example.com',
        },
        { id: 2, title: 'B' },
      ],
    });
    const { document } = importValid(text, 'taskmaster');
    assert.deepEqual(itemById(document, 'tm-master-1').acceptanceCriteria, ['works', 'is fast']);
    assert.equal(itemById(document, 'tm-master-1').assignee, 'ana@example.com');
    assert.equal(itemById(document, 'tm-master-2').status, undefined);
  });
});

describe('Task Master import: imperfect files', () => {
  it("reports dangling ids with the file's ids and lines, and removes them", () => {
    const text = json({ tasks: [task(4, { dependencies: [3] })] });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    assert.equal(itemById(document, 'tm-master-4').dependsOn, undefined);
    assert.deepEqual(withCode(diagnostics, 'dangling-dependency'), [
      {
        severity: 'warning',
        code: 'dangling-dependency',
        message:
          '4 depends on 3, which is not in the file; that dependency was removed. Fix the id or add the missing task.',
        itemId: '4',
        line: 3,
      },
    ]);
  });

  it('breaks a cycle at the edge that closes it and names the cycle', () => {
    const text = json({
      tasks: [
        task(1, { dependencies: [3] }),
        task(2, { dependencies: [1] }),
        task(3, { dependencies: [2] }),
      ],
    });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    const [cycle] = withCode(diagnostics, 'dependency-cycle');
    assert.equal(cycle?.itemId, '2');
    assert.match(cycle?.message ?? '', /^2 depends on 1, which closes the cycle 1 → 3 → 2 → 1 /);
    assert.equal(itemById(document, 'tm-master-2').dependsOn, undefined);
    assert.deepEqual(itemById(document, 'tm-master-1').dependsOn, ['tm-master-3']);
    assert.deepEqual(itemById(document, 'tm-master-3').dependsOn, ['tm-master-2']);
  });

  it('renames a duplicate id with a warning and points dependencies at the first', () => {
    const text = json({
      tasks: [task(1), task(1, { title: 'Again' }), task(2, { dependencies: [1] })],
    });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    assert.equal(itemById(document, 'tm-master-1-2').title, 'Again');
    assert.deepEqual(itemById(document, 'tm-master-2').dependsOn, ['tm-master-1']);
    assert.equal(withCode(diagnostics, 'duplicate-id')[0]?.itemId, '1');
  });

  it('shortens a title over 255 characters at a word and moves the full text', () => {
    const long = `${'word '.repeat(60)}end`;
    const { document, diagnostics } = importValid(
      json({ tasks: [task(1, { title: long })] }),
      'taskmaster',
    );
    const item = itemById(document, 'tm-master-1');
    assert.ok(item.title.length <= 255);
    assert.match(item.title, /word…$/);
    assert.equal(item.description, `${long}\n\nDo 1.`);
    assert.equal(withCode(diagnostics, 'title-too-long')[0]?.line, 3);
  });

  it('names an untitled task from its description, skips an empty one, ids a task without id', () => {
    const text = json({
      tasks: [
        { id: 1, title: '', description: 'Set up CI\nwith caching' },
        {},
        { title: 'No id here' },
        'junk',
        { id: 5, title: ' ', details: 'Rotate the keys\nmonthly' },
      ],
    });
    const { document, diagnostics } = importValid(text, 'taskmaster');
    assert.equal(itemById(document, 'tm-master-1').title, 'Set up CI');
    assert.equal(itemById(document, 'tm-master-5').title, 'Rotate the keys');
    assert.ok(itemById(document, 'tm-master-no-id-here'));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['empty-title', 'empty-task', 'missing-id', 'invalid-task', 'empty-title'],
    );
  });
});
