import type { Priority } from '../../model.ts';
import type { ImportOptions } from '../contract.ts';
import {
  type DiagnosticList,
  type DraftDependency,
  type DraftItem,
  type DraftPlan,
  statusFromChildren,
} from '../draft.ts';
import { fileStem } from '../taskmaster/import.ts';
import { joinSections, slugify } from '../text.ts';
import { readDependencies } from './dependencies.ts';
import { parseSpecKit, type SpecDocument, type SpecSection, type SpecTask } from './parse.ts';

/**
 * Converts a spec-kit `tasks.md`. Each H2 section with tasks (normally `## Phase <n>: …`)
 * becomes an epic; `[USn]` tags group tasks into a story (titled from its phase heading) whose
 * tasks become sub-tasks, as Jira nests them; other tasks stay tasks of their phase's epic.
 * `T001` ids are kept as item ids. Phases run in order: each phase epic depends on the previous
 * one, unless its heading is marked parallel (`[P]`, "parallel"), in which case it depends on
 * what the previous phase depends on. Task-level dependencies come from the prose (see
 * `readDependencies`).
 */
export function importSpecKit(
  text: string,
  options: ImportOptions,
  diagnostics: DiagnosticList,
): DraftPlan | undefined {
  const doc = parseSpecKit(text, diagnostics);
  const tasks = new Map<string, DraftItem>();
  const items: DraftItem[] = doc.looseTasks.map((task) => toTask(task, 'task', tasks, diagnostics));
  const stories = new Map<string, DraftItem>();
  let previous: DraftItem | undefined;
  for (const section of doc.sections) {
    if (section.tasks.length === 0) continue;
    const epic = toEpic(section, doc, stories, tasks, diagnostics);
    const parallel = /\[P\]|\bparallel\b|\bparalel[oa]\b/i.test(section.heading);
    if (previous) {
      epic.dependsOn = parallel
        ? [...previous.dependsOn]
        : [{ target: previous.id, written: previous.sourceId }];
    }
    previous = epic;
    items.push(epic);
  }
  if (tasks.size === 0 && items.length === 0) {
    diagnostics.error(
      'no-items',
      'No spec-kit task lines were found (lines such as "- [ ] T001 [P] [US1] Description").',
    );
    return undefined;
  }

  addProseDependencies(doc, tasks, diagnostics);
  checkStatedCount(doc, diagnostics);
  for (const story of stories.values()) story.status = statusFromChildren(story.children) ?? 'todo';
  for (const item of items) {
    if (item.type === 'epic') item.status = statusFromChildren(item.children) ?? 'todo';
  }
  const title = doc.title ?? fileStem(options.fileName) ?? 'spec-kit tasks';
  const description = joinSections(...doc.preamble);
  return {
    id: slugify(title) || slugify(fileStem(options.fileName) ?? '') || 'speckit-tasks',
    title,
    ...(description === undefined ? {} : { description }),
    items,
  };
}

function toEpic(
  section: SpecSection,
  doc: SpecDocument,
  stories: Map<string, DraftItem>,
  tasks: Map<string, DraftItem>,
  diagnostics: DiagnosticList,
): DraftItem {
  const sourceId = section.phase === undefined ? section.heading : `Phase ${section.phase}`;
  const description = joinSections(...section.leadIns);
  const epic: DraftItem = {
    id:
      section.phase === undefined
        ? slugify(section.heading) || 'section'
        : `phase-${section.phase}`,
    sourceId,
    line: section.line,
    type: 'epic',
    title: section.heading,
    ...(description === undefined ? {} : { description }),
    dependsOn: [],
    children: [],
  };
  for (const task of section.tasks) {
    if (task.story === undefined) {
      epic.children.push(toTask(task, 'task', tasks, diagnostics));
      continue;
    }
    let story = stories.get(task.story);
    if (story === undefined) {
      story = toStory(task.story, section, doc);
      stories.set(task.story, story);
      epic.children.push(story);
    }
    story.children.push(toTask(task, 'subtask', tasks, diagnostics));
  }
  return epic;
}

/** `## Phase 3: User Story 1 - Browse the catalogue (Priority: P1) 🎯 MVP`. */
const STORY_HEADING = /User Story\s+(\d+)\s*[-—–:]\s*(.*?)\s*(?:\(Priority:\s*P(\d+)\).*)?$/i;

function toStory(tag: string, section: SpecSection, doc: SpecDocument): DraftItem {
  const number = tag.slice(2);
  const heading = [section, ...doc.sections]
    .map((candidate) => STORY_HEADING.exec(candidate.heading))
    .find((match) => match?.[1] === number);
  const name = heading?.[2]?.replace(/\s*🎯.*$/u, '').trim();
  const rank = heading?.[3] === undefined ? undefined : Number(heading[3]);
  const priority: Priority | undefined =
    rank === undefined ? undefined : rank <= 1 ? 'high' : rank === 2 ? 'medium' : 'low';
  const goals = section.leadIns.filter((lead) => /^\*\*(Goal|Independent Test)/i.test(lead));
  const description = joinSections(...goals);
  return {
    id: tag,
    sourceId: tag,
    line: section.line,
    type: 'story',
    title: name ? `User Story ${number}: ${name}` : `User Story ${number}`,
    ...(description === undefined ? {} : { description }),
    ...(priority === undefined ? {} : { priority }),
    dependsOn: [],
    children: [],
  };
}

function toTask(
  task: SpecTask,
  type: 'task' | 'subtask',
  tasks: Map<string, DraftItem>,
  diagnostics: DiagnosticList,
): DraftItem {
  let id = task.id;
  if (id === undefined) {
    id = `task-${slugify(task.text) || 'untitled'}`;
    diagnostics.warn(
      'task-without-id',
      `The task "${task.text}" has no T-number; it was given the id ${id}. Number it (T001) to keep its id stable when the text changes.`,
      { line: task.line, itemId: id },
    );
  }
  const notes = task.notes.length > 0 ? task.notes.join('\n') : undefined;
  const item: DraftItem = {
    id,
    sourceId: id,
    line: task.line,
    type,
    title: task.text,
    ...(notes === undefined ? {} : { description: notes }),
    status: task.done ? 'done' : 'todo',
    ...(task.parallel ? { labels: ['parallel'] } : {}),
    dependsOn: [],
    children: [],
  };
  if (!tasks.has(id)) tasks.set(id, item);
  return item;
}

function addProseDependencies(
  doc: SpecDocument,
  tasks: ReadonlyMap<string, DraftItem>,
  diagnostics: DiagnosticList,
): void {
  const add = (from: string, dep: DraftDependency, line: number) => {
    const item = tasks.get(from);
    if (item) {
      item.dependsOn.push(dep);
      return;
    }
    diagnostics.warn(
      'dangling-dependency',
      `Line ${line} says ${from} depends on ${dep.written}, but there is no task ${from}; the dependency was ignored.`,
      { line, itemId: from },
    );
  };

  for (const task of [...doc.looseTasks, ...doc.sections.flatMap((s) => s.tasks)]) {
    if (task.id === undefined) continue;
    for (const edge of readDependencies(task.text, task.line, task.id).edges) {
      add(edge.from, { target: edge.to, written: edge.to, line: edge.line }, edge.line);
    }
  }
  for (const prose of doc.prose) {
    const reading = readDependencies(prose.text, prose.line);
    for (const edge of reading.edges) {
      add(edge.from, { target: edge.to, written: edge.to, line: edge.line }, edge.line);
    }
    if (reading.edges.length === 0 && !reading.parallel && reading.mentioned.length > 0) {
      const ids = [...new Set(reading.mentioned)].join(', ');
      diagnostics.warn(
        'unread-dependency',
        `Line ${prose.line} mentions ${ids} but states no dependency the importer can read (such as "T002→T003" or "depends on T004"); add any dependency it implies by hand.`,
        { line: prose.line },
      );
    }
  }
}

/** `**Task count**: 52 (…)` or `Total tasks: 52`, as spec-kit files often end. */
const STATED_COUNT = /^\W*(?:task count|total tasks)\W*(\d+)/i;

/**
 * Compares a stated task count with the task lines found: a difference usually means a
 * truncated file or tasks written in a shape the importer does not read.
 */
function checkStatedCount(doc: SpecDocument, diagnostics: DiagnosticList): void {
  const found = doc.looseTasks.length + doc.sections.reduce((sum, s) => sum + s.tasks.length, 0);
  for (const prose of doc.prose) {
    const stated = STATED_COUNT.exec(prose.text);
    if (!stated || Number(stated[1]) === found) continue;
    diagnostics.warn(
      'task-count-mismatch',
      `Line ${prose.line} states ${stated[1]} tasks but ${found} task lines were found; check that the file is complete and every task is a "- [ ] T001 …" line.`,
      { line: prose.line },
    );
  }
}
