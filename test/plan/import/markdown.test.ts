import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importDocument } from '../../../src/plan/import/index.ts';
import { allItems, importValid, itemById, withCode } from './helpers.ts';

const shape = (text: string) =>
  allItems(importValid(text, 'markdown').document).map(
    (item) => `${item.id}:${item.type}:${item.status ?? '-'}`,
  );

describe('Markdown import: outline', () => {
  it('names the plan after a lone H1, nests headings, and keeps paragraphs as descriptions', () => {
    const text = `# Website relaunch

Everything for the autumn launch.

## Content

Copy and images.

### Blog

## Launch
`;
    const { document } = importValid(text, 'markdown');
    assert.equal(document.id, 'website-relaunch');
    assert.equal(document.title, 'Website relaunch');
    assert.equal(document.description, 'Everything for the autumn launch.');
    assert.deepEqual(shape(text), ['content:epic:-', 'blog:task:-', 'launch:task:-']);
    assert.equal(itemById(document, 'content').description, 'Copy and images.');
  });

  it('types by depth as Jira nests them: epic, story, task, sub-task (never a parent)', () => {
    const text = `## Payments

- Card flow
  - Tokenise
    - Call the vault
- Receipts
`;
    assert.deepEqual(shape(text), [
      'payments:epic:-',
      'card-flow:story:-',
      'tokenise:task:-',
      'call-the-vault:subtask:-',
      'receipts:task:-',
    ]);
  });

  it('reads -, *, + and numbered bullets, indented with spaces or tabs', () => {
    const text = '1. Alpha\n\t* [ ] One\n\t* [x] Two\n2. Beta\n    + [X] Three\n- Gamma\n';
    assert.deepEqual(shape(text), [
      'alpha:epic:in_progress',
      'one:task:todo',
      'two:task:done',
      'beta:epic:done',
      'three:task:done',
      'gamma:task:-',
    ]);
  });

  it('reads [~] and [-] as in progress and [DONE] as done', () => {
    const text = '- [~] Draft\n- [-] Review\n- [DONE] Ship\n';
    const { document } = importValid(text, 'markdown');
    assert.deepEqual(
      allItems(document).map((item) => [item.title, item.status]),
      [
        ['Draft', 'in_progress'],
        ['Review', 'in_progress'],
        ['Ship', 'done'],
      ],
    );
  });

  it('keeps plain bullets under a checkbox item as notes in its description', () => {
    const text = '- [ ] Pick a database\n  - Postgres?\n    - or SQLite\n  - [ ] Benchmark\n';
    const { document } = importValid(text, 'markdown');
    const item = itemById(document, 'pick-a-database');
    assert.equal(item.description, '- Postgres?\n  - or SQLite');
    assert.deepEqual(
      item.children?.map((child) => child.title),
      ['Benchmark'],
    );
  });

  it('ids items by title, scoping a repeated title by its parent, and warns about twins', () => {
    const text = '## A\n- [ ] Tests\n## B\n- [ ] Tests\n- [ ] Tests\n';
    const { document, diagnostics } = importValid(text, 'markdown');
    assert.deepEqual(
      allItems(document).map((item) => item.id),
      ['a', 'tests', 'b', 'b--tests', 'b--tests-2'],
    );
    assert.deepEqual(
      withCode(diagnostics, 'duplicate-item').map((d) => d.line),
      [5],
    );
  });

  it('ids a title without Latin letters by a hash of the title, stable across imports', () => {
    const text = '- [ ] 准备数据\n- [ ] 데이터 정리\n';
    const first = importValid(text, 'markdown');
    const second = importValid(`Intro.\n\n${text}`, 'markdown');
    const ids = allItems(first.document).map((item) => item.id);
    assert.match(ids[0] ?? '', /^item-[0-9a-f]{8}$/);
    assert.deepEqual(
      allItems(second.document).map((item) => item.id),
      ids,
    );
    assert.deepEqual(
      allItems(first.document).map((item) => item.title),
      ['准备数据', '데이터 정리'],
    );
  });
});

describe('Markdown import: imperfect files', () => {
  it('flattens nesting deeper than six levels with a warning', () => {
    const levels = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8'];
    const text = levels.map((title, depth) => `${'  '.repeat(depth)}- ${title}`).join('\n');
    const { document, diagnostics } = importValid(text, 'markdown');
    const l5 = itemById(document, 'l5');
    assert.deepEqual(
      l5.children?.map((child) => child.id),
      ['l6', 'l7', 'l8'],
    );
    assert.equal(itemById(document, 'l6').children, undefined);
    assert.equal(itemById(document, 'l8').type, 'subtask');
    const [warning] = withCode(diagnostics, 'too-deep');
    assert.equal(warning?.line, 6);
  });

  it('skips empty items and shortens long titles with warnings', () => {
    const long = `Migrate ${'the legacy billing tables '.repeat(12)}now`;
    const text = `- [ ]\n- ${long}\n`;
    const { document, diagnostics } = importValid(text, 'markdown');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line]),
      [
        ['empty-item', 1],
        ['title-too-long', 2],
      ],
    );
    const [item] = allItems(document);
    assert.ok((item?.title.length ?? 0) <= 255);
    assert.equal(item?.description, long);
  });

  it('ignores leaked agent markup and front matter', () => {
    const text =
      '---\ntitle: x\n---\n- [ ] Real task</content>\n<parameter name="file_path">a.md\n';
    const { document, diagnostics } = importValid(text, 'markdown');
    assert.deepEqual(
      allItems(document).map((item) => item.title),
      ['Real task'],
    );
    assert.deepEqual(
      withCode(diagnostics, 'trailing-junk').map((d) => d.line),
      [4],
    );
  });

  it('reads Windows line endings like Unix ones', () => {
    const text = '# Plan\n\n## Build\n\nNotes here.\n\n- [x] Compile\n  - a note\n';
    const unix = importValid(text, 'markdown');
    const windows = importValid(text.replace(/\n/g, '\r\n'), 'markdown');
    assert.deepEqual(windows.document, unix.document);
    assert.equal(itemById(windows.document, 'build').description, 'Notes here.');
  });

  it('refuses absurd nesting and more list items than a plan holds before parsing', () => {
    const quotes = importDocument(`- [ ] a\n${'>'.repeat(50_000)} x\n`, 'markdown');
    assert.deepEqual(
      quotes.diagnostics.map((d) => [d.code, d.line]),
      [['too-deep', 2]],
    );
    const indented = importDocument(`- a\n${' '.repeat(60)}- b\n`, 'markdown');
    assert.match(
      indented.diagnostics[0]?.message ?? '',
      /^Line 2 is nested far deeper .*60 columns/,
    );
    const blank = importDocument(`- x${'\n'.repeat(30_000)}`, 'markdown');
    assert.deepEqual(
      blank.diagnostics.map((d) => d.code),
      ['too-large'],
    );
    const many = importDocument('- [ ] x\n'.repeat(10_001), 'markdown');
    assert.deepEqual(
      many.diagnostics.map((d) => [d.code, d.line]),
      [['too-many-items', 10_001]],
    );
  });

  it('refuses a file with no heading or list item', () => {
    const result = importDocument('Just a paragraph.\n', 'markdown');
    assert.equal(result.document, undefined);
    assert.equal(result.diagnostics[0]?.code, 'no-items');
  });
});
