import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../../src/plan/import/index.ts';
import {
  allItems,
  dependencyCount,
  importValid,
  itemById,
  realFile,
  realFiles,
  withCode,
} from './helpers.ts';

/** Checkbox lines counted straight from the Markdown (`-`, `*`, `+` or numbered, any indent). */
function checkboxLines(text: string): number {
  return (text.match(/^[ \t]*(?:[-*+]|\d+\.)[ \t]+\[[ xX]\]/gm) ?? []).length;
}

/**
 * Items beyond the checkboxes, read from the files: gtaggenator's three numbered groups (Cli,
 * GUI, Backburner); milsim's three H2 headings plus the one plain bullet under "On the horizon".
 * The single H1 "Roadmap" of both names the plan and is no item; plain bullets under checkbox
 * items (4 in gtaggenator, 2 link bullets in milsim) are notes, not items.
 */
const GROUP_ITEMS: Record<string, number> = {
  'aszkid__milsim__ROADMAP.md': 4,
  'loremdipso__gtaggenator__NOTES.md': 3,
};

describe('real Markdown roadmaps', () => {
  for (const file of realFiles('markdown')) {
    it(`${file.name}: every checkbox and group becomes an item, with the same ids twice`, () => {
      assert.equal(detectFormat(file.text, file.name), 'markdown');
      const { document } = importValid(file.text, 'markdown', { fileName: file.name });
      const expected = checkboxLines(file.text) + (GROUP_ITEMS[file.name] as number);
      assert.equal(allItems(document).length, expected);
      assert.equal(dependencyCount(document), 0);
      assert.equal(document.title, 'Roadmap');
      const again = importValid(file.text, 'markdown', { fileName: file.name });
      assert.deepEqual(
        allItems(again.document).map((item) => item.id),
        allItems(document).map((item) => item.id),
      );
    });
  }

  it('gtaggenator: numbered groups are epics, notes join their item, the duplicate is reported', () => {
    const text = realFile('markdown', 'loremdipso__gtaggenator__NOTES.md');
    const { document, diagnostics } = importValid(text, 'markdown');
    const epics = (document.items as Array<{ title: string; type: string }>).map(
      (item) => `${item.type}:${item.title}`,
    );
    assert.deepEqual(epics, ['epic:Cli', 'epic:GUI', 'epic:Backburner']);
    assert.equal(
      itemById(document, 'efficient-persistent-db').description,
      '- In-memory?\n- SQL or KVS?',
    );
    assert.equal(itemById(document, 'settings').type, 'story');
    assert.equal(itemById(document, 'load').type, 'subtask');
    const duplicate = withCode(diagnostics, 'duplicate-item');
    assert.equal(duplicate.length, 1);
    assert.equal(duplicate[0]?.line, 34);
    const loads = allItems(document).filter((item) => item.title === 'How do we load files?');
    assert.equal(loads.length, 2);
    assert.notEqual(loads[0]?.id, loads[1]?.id);
  });

  it('milsim: tab-indented + children nest, link bullets are notes, statuses are per item', () => {
    const text = realFile('markdown', 'aszkid__milsim__ROADMAP.md');
    const { document } = importValid(text, 'markdown');
    const pipeline = allItems(document).find((item) => item.title.startsWith('"Simple" rendering'));
    assert.equal(pipeline?.status, 'todo');
    assert.equal(pipeline?.type, 'story');
    assert.deepEqual(
      pipeline?.children?.map((child) => child.status),
      ['done', 'done', 'done', 'todo', 'todo'],
    );
    const material = allItems(document).find((item) => item.title === 'Legit `Material` asset.');
    assert.equal(material?.status, 'done');
    assert.equal(material?.children?.[0]?.status, 'todo');
    const lua = allItems(document).find((item) => item.title.startsWith('Start thinking about'));
    assert.equal(lua?.children, undefined);
    assert.match(lua?.description ?? '', /^\+ \[Think twice/);
    assert.equal(itemById(document, 'sys-script-hooks').title, '`Sys.Script` + hooks');
  });
});
