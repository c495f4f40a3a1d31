import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, importDocument } from '../../../src/plan/import/index.ts';
import {
  allItems,
  dependencyCount,
  importValid,
  itemById,
  realFile,
  realFiles,
  withCode,
} from './helpers.ts';

/** Task lines, phase headings and story tags counted straight from the Markdown. */
function countSource(text: string) {
  const tasks = text.match(/^- \[[ xX]\] T\d{3}\b/gm) ?? [];
  const phases = text.match(/^## Phase \w+/gm) ?? [];
  const stories = new Set(text.match(/\[US\d+\]/g) ?? []);
  return { tasks: tasks.length, phases: phases.length, stories: stories.size };
}

/**
 * Dependency edges per file. Phase edges: one per phase after the first (phases run in order).
 * Task edges are read from the prose, so they are listed from reading the files (SOURCES.md
 * counts them too: zhujian0805 has none; beto-mn has 7 in prose; electrorigaming has 22 inline
 * edges plus arrow notes, which with the "tras T001" and "una vez que T019" lines make 30).
 */
const EXPECTED_TASK_EDGES: Record<string, number> = {
  'beto-mn__sumo-ayce__tasks.md': 7,
  'electrorigaming__petdex__tasks.md': 30,
  'zhujian0805__oh-my-astock__tasks.md': 0,
};

describe('real spec-kit files', () => {
  for (const file of realFiles('speckit')) {
    it(`${file.name}: one epic per phase, one story per [USn], every task, with its dependencies`, () => {
      assert.equal(detectFormat(file.text, file.name), 'speckit');
      const { document } = importValid(file.text, 'speckit', { fileName: file.name });
      const counts = countSource(file.text);
      const items = allItems(document);
      assert.equal(items.length, counts.tasks + counts.phases + counts.stories);
      assert.equal(items.filter((item) => item.type === 'epic').length, counts.phases);
      assert.equal(items.filter((item) => item.type === 'story').length, counts.stories);
      assert.equal(
        dependencyCount(document),
        (EXPECTED_TASK_EDGES[file.name] as number) + counts.phases - 1,
      );
    });

    it(`${file.name}: keeps T-numbers as ids, also after a task is added at the top`, () => {
      const first = importDocument(file.text, 'speckit', {});
      const edited = file.text.replace(/^- \[/m, '- [ ] T999 A task added later\n- [');
      const second = importDocument(edited, 'speckit', {});
      const titles = (doc: typeof first.document) =>
        new Map(allItems(doc).map((item) => [item.id, item.title]));
      const before = titles(first.document);
      const after = titles(second.document);
      assert.equal(after.get('T999'), 'A task added later');
      for (const [id, title] of before) assert.equal(after.get(id), title, id);
      const ids = [...before.keys()];
      for (const id of file.text.match(/(?<=^- \[[ xX]\] )T\d{3}/gm) ?? []) {
        assert.ok(ids.includes(id), `${id} kept as an id`);
      }
    });
  }

  it('reads every inline "(depende de …)" edge of petdex', () => {
    const text = realFile('speckit', 'electrorigaming__petdex__tasks.md');
    const { document } = importValid(text, 'speckit');
    let inline = 0;
    for (const match of text.matchAll(/^- \[[ xX]\] (T\d{3}).*depende de ([^)]*)\)/gm)) {
      const deps = itemById(document, match[1] as string).dependsOn ?? [];
      for (const target of (match[2] as string).match(/T\d{3}/g) ?? []) {
        assert.ok(deps.includes(target), `${match[1]} depends on ${target}`);
        inline++;
      }
    }
    assert.equal(inline, 22);
    assert.deepEqual(itemById(document, 'T019').dependsOn, ['T018']);
    assert.deepEqual(itemById(document, 'T002').dependsOn, ['T001']);
  });

  it('reads the arrow chains and "then" of sumo-ayce, ignoring ∥', () => {
    const { document } = importValid(
      realFile('speckit', 'beto-mn__sumo-ayce__tasks.md'),
      'speckit',
    );
    const edges = allItems(document).flatMap((item) =>
      (item.dependsOn ?? []).filter((dep) => dep.startsWith('T')).map((dep) => `${dep}→${item.id}`),
    );
    assert.deepEqual(edges.sort(), [
      'T002→T003',
      'T007→T008',
      'T008→T009',
      'T025→T026',
      'T026→T027',
      'T027→T028',
      'T030→T040',
    ]);
    assert.deepEqual(itemById(document, 'phase-6').dependsOn, ['phase-5b']);
    assert.deepEqual(itemById(document, 'phase-5b').dependsOn, ['phase-5']);
  });

  it('shortens the 640-character T033 line of petdex with a warning and keeps the full text', () => {
    const text = realFile('speckit', 'electrorigaming__petdex__tasks.md');
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.includes('] T033 ')) + 1;
    assert.ok((lines[line - 1] as string).length >= 640);
    const { document, diagnostics } = importValid(text, 'speckit');
    const t033 = itemById(document, 'T033');
    assert.ok(t033.title.length <= 255);
    assert.ok(t033.title.endsWith('…'));
    const full = (lines[line - 1] as string).replace(/^- \[X\] T033 /, '');
    assert.ok(t033.description?.startsWith(full));
    const warning = withCode(diagnostics, 'title-too-long').find((d) => d.itemId === 'T033');
    assert.equal(warning?.severity, 'warning');
    assert.equal(warning?.line, line);
  });

  it('keeps Spanish and Chinese text, and ignores the leaked agent markup of oh-my-astock', () => {
    const petdex = importValid(realFile('speckit', 'electrorigaming__petdex__tasks.md'), 'speckit');
    assert.equal(petdex.document.title, 'Catálogo público');
    assert.equal(
      itemById(petdex.document, 'US1').title,
      'User Story 1: Explorar el catálogo de mascotas',
    );
    const text = realFile('speckit', 'zhujian0805__oh-my-astock__tasks.md');
    const astock = importValid(text, 'speckit');
    assert.match(itemById(astock.document, 'T004').title, /个股信息 menu item under 股市数据/);
    const junkLine = text.split('\n').findIndex((line) => line.includes('</content>')) + 1;
    assert.deepEqual(
      withCode(astock.diagnostics, 'trailing-junk').map((d) => d.line),
      [junkLine],
    );
    assert.ok(allItems(astock.document).every((item) => !item.title.includes('</content>')));
  });

  it('maps checkboxes to status and [P] to a label', () => {
    const { document } = importValid(
      realFile('speckit', 'zhujian0805__oh-my-astock__tasks.md'),
      'speckit',
    );
    assert.equal(itemById(document, 'T001').status, 'done');
    assert.equal(itemById(document, 'T017').status, 'todo');
    assert.deepEqual(itemById(document, 'T004').labels, ['parallel']);
    assert.equal(itemById(document, 'phase-4').status, 'todo');
    assert.equal(itemById(document, 'phase-1').status, 'done');
  });
});
