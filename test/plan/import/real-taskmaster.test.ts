import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, listTaskMasterTags } from '../../../src/plan/import/index.ts';
import {
  allItems,
  dependencyCount,
  importValid,
  itemById,
  realFile,
  realFiles,
} from './helpers.ts';

interface RawTask {
  id: number | string;
  title: string;
  dependencies?: unknown[];
  subtasks?: RawTask[] | null;
}

/** Counts tasks, subtasks and dependency entries of one tag straight from the JSON. */
function countRaw(tasks: RawTask[]): { items: number; deps: number } {
  let items = 0;
  let deps = 0;
  for (const task of tasks) {
    items++;
    deps += task.dependencies?.length ?? 0;
    const inner = countRaw(task.subtasks ?? []);
    items += inner.items;
    deps += inner.deps;
  }
  return { items, deps };
}

/** The raw task list of a tag, wherever the file keeps it (legacy, tagged, `tags` wrapper). */
function rawTag(text: string, tag: string): RawTask[] {
  const root = JSON.parse(text) as Record<string, { tasks?: RawTask[] } | RawTask[] | undefined>;
  if (Array.isArray(root.tasks) && tag === 'master') return root.tasks;
  const direct = root[tag];
  if (direct && !Array.isArray(direct) && direct.tasks) return direct.tasks;
  const wrapped = (root.tags as unknown as Record<string, { tasks: RawTask[] }> | undefined)?.[tag];
  return wrapped?.tasks ?? [];
}

describe('real Task Master files', () => {
  for (const file of realFiles('taskmaster')) {
    describe(file.name, () => {
      const tags = listTaskMasterTags(file.text).filter((tag) => tag.taskCount > 0);

      it('is detected as Task Master and lists at least one tag with tasks', () => {
        assert.equal(detectFormat(file.text, file.name), 'taskmaster');
        assert.ok(tags.length > 0);
      });

      for (const tag of tags) {
        it(`imports tag ${tag.name} with every task, subtask and dependency of the source`, () => {
          const { document, diagnostics } = importValid(file.text, 'taskmaster', {
            tag: tag.name,
            fileName: file.name,
          });
          const expected = countRaw(rawTag(file.text, tag.name));
          assert.equal(allItems(document).length, expected.items);
          assert.equal(dependencyCount(document), expected.deps);
          assert.deepEqual(diagnostics, []);
        });

        it(`gives tag ${tag.name} the same ids when the file is imported again reordered`, () => {
          const first = importValid(file.text, 'taskmaster', { tag: tag.name });
          const root = JSON.parse(file.text) as Record<string, unknown>;
          const reversed = JSON.stringify(reverseTasks(root, tag.name));
          const second = importValid(reversed, 'taskmaster', { tag: tag.name });
          const ids = (doc: typeof first.document) =>
            allItems(doc)
              .map((item) => item.id)
              .sort();
          assert.deepEqual(ids(second.document), ids(first.document));
          assert.ok(
            allItems(first.document).every((item) => item.id.startsWith(`tm-${tag.name}-`)),
          );
        });
      }
    });
  }

  it('keeps Chinese titles and text of Inspira unchanged', () => {
    const text = realFile('taskmaster', '2040147482__Inspira__tasks.json');
    const raw = rawTag(text, 'master');
    const { document } = importValid(text, 'taskmaster');
    for (const task of raw) {
      assert.equal(itemById(document, `tm-master-${task.id}`).title, task.title);
    }
    assert.match(raw[0]?.title ?? '', /\p{Script=Han}/u);
  });

  it('keeps Korean titles of VoiceTrainAI, subtasks included', () => {
    const text = realFile('taskmaster', 'kennyHyunSeokCho__VoiceTrainAI__tasks.json');
    const raw = rawTag(text, 'master');
    const { document } = importValid(text, 'taskmaster');
    const first = raw[0] as RawTask;
    const sub = (first.subtasks ?? [])[0] as RawTask;
    assert.match(first.title, /\p{Script=Hangul}/u);
    assert.equal(itemById(document, `tm-master-${first.id}`).title, first.title);
    assert.equal(itemById(document, `tm-master-${first.id}.${sub.id}`).title, sub.title);
    assert.equal(itemById(document, `tm-master-${first.id}`).type, 'story');
    assert.equal(itemById(document, `tm-master-${first.id}.${sub.id}`).type, 'subtask');
  });

  it('reaches every tag of the hybrid files, with ids kept apart although they repeat', () => {
    const shajeel = realFile('taskmaster', 'Shajeel-Afzal__ShajeelAfzal_NextJS__tasks.json');
    assert.deepEqual(listTaskMasterTags(shajeel), [
      { name: 'master', taskCount: 0 },
      { name: 'mvp', taskCount: 12 },
      { name: 'phase2', taskCount: 4 },
    ]);
    const bruno = realFile('taskmaster', 'mospit__brunoai__tasks.json');
    assert.deepEqual(
      listTaskMasterTags(bruno).map((tag) => tag.name),
      ['master', 'mvp', 'phases'],
    );
    const byDefault = importValid(shajeel, 'taskmaster');
    assert.equal(itemById(byDefault.document, 'tm-mvp-1').title.length > 0, true);
    const phase2 = importValid(shajeel, 'taskmaster', { tag: 'phase2' });
    assert.ok(itemById(phase2.document, 'tm-phase2-1'));
    // The forward dependency mvp 6 -> "11" is kept.
    assert.ok(itemById(byDefault.document, 'tm-mvp-6').dependsOn?.includes('tm-mvp-11'));
  });

  it('reads "parent.sub" subtask dependencies and mixed int/string task dependencies', () => {
    const bruno = realFile('taskmaster', 'mospit__brunoai__tasks.json');
    const { document } = importValid(bruno, 'taskmaster', { tag: 'mvp' });
    assert.deepEqual(itemById(document, 'tm-mvp-1.2').dependsOn, ['tm-mvp-1.1']);
    assert.deepEqual(itemById(document, 'tm-mvp-3').dependsOn?.includes('tm-mvp-6'), true);
  });
});

function reverseTasks(root: Record<string, unknown>, tag: string): Record<string, unknown> {
  const copy = structuredClone(root) as Record<string, { tasks?: unknown[] } | unknown[]>;
  const holders = [copy[tag], (copy.tags as Record<string, unknown> | undefined)?.[tag]];
  if (tag === 'master' && Array.isArray(copy.tasks)) copy.tasks.reverse();
  for (const holder of holders) {
    if (holder && typeof holder === 'object' && !Array.isArray(holder)) {
      (holder as { tasks?: unknown[] }).tasks?.reverse();
    }
  }
  return copy;
}
