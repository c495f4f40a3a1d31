import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDocument } from '../../../src/plan/import/index.ts';
import { allItems, importValid, itemById, withCode } from './helpers.ts';

const tasksMd = (body: string) =>
  `# Tasks: Checkout redesign\n\n**Input**: specs/checkout\n\n${body}`;

const PHASES = tasksMd(`## Phase 1: Setup

**Purpose**: Prepare the repository

- [x] T001 Create the package
- [X] T002 [P] Add the linter config

## Phase 2: User Story 1 - Pay with a saved card (Priority: P1) 🎯 MVP

**Goal**: Returning buyers pay in one click

- [ ] T003 [P] [US1] Write the contract test
- [ ] T004 [US1] Store the card token (depends on T003)

## Phase 3: User Story 2 — Refunds (Priority: P3)

- [ ] T005 [US2] Refund endpoint
- [ ] T006 Update the changelog
`);

describe('spec-kit import: structure', () => {
  it('makes phases epics, [USn] tasks sub-tasks of a story titled from its heading', () => {
    const { document } = importValid(PHASES, 'speckit', { fileName: 'tasks.md' });
    assert.equal(document.id, 'checkout-redesign');
    assert.equal(document.title, 'Checkout redesign');
    assert.equal(document.description, '**Input**: specs/checkout');
    const shape = allItems(document).map((item) => `${item.id}:${item.type}`);
    assert.deepEqual(shape, [
      'phase-1:epic',
      'T001:task',
      'T002:task',
      'phase-2:epic',
      'US1:story',
      'T003:subtask',
      'T004:subtask',
      'phase-3:epic',
      'US2:story',
      'T005:subtask',
      'T006:task',
    ]);
    const us1 = itemById(document, 'US1');
    assert.equal(us1.title, 'User Story 1: Pay with a saved card');
    assert.equal(us1.priority, 'high');
    assert.equal(us1.description, '**Goal**: Returning buyers pay in one click');
    assert.equal(itemById(document, 'US2').title, 'User Story 2: Refunds');
    assert.equal(itemById(document, 'US2').priority, 'low');
    assert.equal(itemById(document, 'phase-1').description, '**Purpose**: Prepare the repository');
  });

  it('maps [ ], [x] and [X] to status, [P] to a label, and derives group status', () => {
    const { document } = importValid(PHASES, 'speckit');
    assert.equal(itemById(document, 'T001').status, 'done');
    assert.equal(itemById(document, 'T002').status, 'done');
    assert.deepEqual(itemById(document, 'T002').labels, ['parallel']);
    assert.equal(itemById(document, 'T003').status, 'todo');
    assert.equal(itemById(document, 'phase-1').status, 'done');
    assert.equal(itemById(document, 'US1').status, 'todo');
  });

  it("chains phases in order, and a phase marked parallel shares its predecessor's dependencies", () => {
    const { document } = importValid(PHASES, 'speckit');
    assert.equal(itemById(document, 'phase-1').dependsOn, undefined);
    assert.deepEqual(itemById(document, 'phase-2').dependsOn, ['phase-1']);
    assert.deepEqual(itemById(document, 'phase-3').dependsOn, ['phase-2']);
    const parallel = importValid(PHASES.replace('## Phase 3:', '## Phase 3 [P]:'), 'speckit');
    assert.deepEqual(itemById(parallel.document, 'phase-3').dependsOn, ['phase-1']);
  });

  it('ignores fenced code, front matter and legend bullets', () => {
    const text = `---\n\ndescription: "x"\n---\n${tasksMd(`## Format: \`[ID] [P?] [Story]\`

- **[P]**: Can run in parallel

## Phase 1: Setup

- [ ] T001 Only task

\`\`\`bash
- [ ] T002 Not a task
\`\`\`
`)}`;
    const { document } = importValid(text, 'speckit');
    assert.deepEqual(
      allItems(document).map((item) => item.id),
      ['phase-1', 'T001'],
    );
  });
});

describe('spec-kit import: dependency prose', () => {
  const withDeps = (notes: string) =>
    tasksMd(`## Phase 1: Build

${Array.from({ length: 9 }, (_, i) => `- [ ] T00${i + 1} Step ${i + 1}`).join('\n')}

## Dependencies & Execution Order

${notes}
`);

  const edges = (text: string) =>
    allItems(importValid(text, 'speckit').document).flatMap((item) =>
      (item.dependsOn ?? []).map((dep) => `${dep}→${item.id}`),
    );

  it('reads arrows, chains, "then" and ranges, and reads no edge from ∥', () => {
    const text = withDeps('- T001→T002→T003; do T004 then T005\n- T006 ∥ T007\n- T008 -> T009');
    assert.deepEqual(edges(text), ['T001→T002', 'T002→T003', 'T004→T005', 'T008→T009']);
  });

  it('reads "depends on", "depende de", "after", "tras" and en-dash ranges', () => {
    const text = withDeps(
      '- T009 depends on T001–T003\n- T004, T005 en paralelo tras T002\n- T006 after T005\n- T007 depende de T006',
    );
    assert.deepEqual(edges(text).sort(), [
      'T001→T009',
      'T002→T004',
      'T002→T005',
      'T002→T009',
      'T003→T009',
      'T005→T006',
      'T006→T007',
    ]);
  });

  it('reads inline "(depends on …)" and "(depende de …)" on a task line as the task\'s own', () => {
    const text = tasksMd(`## Phase 1: Build

- [ ] T001 Schema
- [ ] T002 Seed (see research.md §2; depende de T001)
- [ ] T003 API (depends on T001, T002)
`);
    const { document } = importValid(text, 'speckit');
    assert.deepEqual(itemById(document, 'T002').dependsOn, ['T001']);
    assert.deepEqual(itemById(document, 'T003').dependsOn, ['T001', 'T002']);
  });

  it('warns about a line that names tasks without a readable dependency', () => {
    const text = withDeps('- T003 and T004 touch the same file');
    const { diagnostics } = importValid(text, 'speckit');
    const [warning] = withCode(diagnostics, 'unread-dependency');
    assert.equal(warning?.line, 19);
    assert.match(warning?.message ?? '', /^Line 19 mentions T003, T004 but states no dependency/);
  });

  it('removes dangling ids, breaks cycles with a warning naming them, and repairs duplicates', () => {
    const text = tasksMd(`## Phase 1: Build

- [ ] T001 First (depends on T002)
- [ ] T002 Second (depends on T001, T099)
- [ ] T002 Second again
- [ ] T003
`);
    const { document, diagnostics } = importValid(text, 'speckit');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.itemId, d.line]),
      [
        ['duplicate-id', 'T002', 9],
        ['dangling-dependency', 'T002', 8],
        ['empty-title', 'T003', 10],
        ['dependency-cycle', 'T002', 8],
      ],
    );
    assert.match(
      withCode(diagnostics, 'dependency-cycle')[0]?.message ?? '',
      /T002 depends on T001, which closes the cycle T001 → T002 → T001/,
    );
    assert.deepEqual(itemById(document, 'T001').dependsOn, ['T002']);
    assert.equal(itemById(document, 'T002').dependsOn, undefined);
    assert.equal(itemById(document, 'T002-2').title, 'Second again');
  });

  it('gives a checkbox line without a T-number an id from its text, with a warning', () => {
    const text = tasksMd('## Phase 1: Build\n\n- [ ] T001 One\n- [ ] Tidy up the README\n');
    const { document, diagnostics } = importValid(text, 'speckit');
    assert.ok(itemById(document, 'task-tidy-up-the-readme'));
    assert.equal(withCode(diagnostics, 'task-without-id')[0]?.line, 8);
  });

  it('warns when the stated task count differs from the task lines found', () => {
    const text = tasksMd(
      '## Phase 1: Build\n\n- [ ] T001 One\n- [ ] T002 Two\n\n**Task count**: 3\n',
    );
    const { diagnostics } = importValid(text, 'speckit');
    assert.deepEqual(withCode(diagnostics, 'task-count-mismatch'), [
      {
        severity: 'warning',
        code: 'task-count-mismatch',
        message:
          'Line 10 states 3 tasks but 2 task lines were found; check that the file is complete and every task is a "- [ ] T001 …" line.',
        line: 10,
      },
    ]);
    const right = importValid(text.replace('**: 3', '**: 2'), 'speckit');
    assert.deepEqual(withCode(right.diagnostics, 'task-count-mismatch'), []);
  });

  it('refuses a file without any task line', () => {
    const result = importDocument('# Tasks: nothing\n\n## Phase 1: Setup\n', 'speckit');
    assert.equal(result.document, undefined);
    assert.equal(result.diagnostics[0]?.code, 'no-items');
  });
});
