import type { ImportOptions } from '../contract.ts';
import type { DiagnosticList, DraftPlan } from '../draft.ts';
import { parseJsonWithPositions } from '../json-positions.ts';
import { slugify } from '../text.ts';
import { defaultTag, type FoundTag, findTags, isRecord, looksLikeOtherTool } from './tags.ts';
import { convertTasks } from './tasks.ts';

/**
 * Converts a Task Master `tasks.json` (legacy, tagged or hybrid; see `findTags`) into drafts of
 * one tag: `options.tag`, or by default `master` when it has tasks, else the first tag that has.
 * Refuses (returns undefined after recording an error) invalid JSON, a file with no task list,
 * another tool's file at the same path, an unknown tag and an empty one.
 */
export function importTaskMaster(
  text: string,
  options: ImportOptions,
  diagnostics: DiagnosticList,
): DraftPlan | undefined {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    diagnostics.error(
      'syntax-error',
      `The file is not valid JSON: ${parsed.message} Fix it at line ${parsed.position.line}, column ${parsed.position.column}, or export it again from Task Master.`,
      parsed.position,
    );
    return undefined;
  }
  if (parsed.trailing) {
    diagnostics.warn(
      'trailing-junk',
      `Text after the end of the JSON document, from line ${parsed.trailing.line}, was ignored.`,
      parsed.trailing,
    );
  }

  const { tags, duplicates } = findTags(parsed.value, parsed.positions);
  for (const name of duplicates) {
    diagnostics.warn(
      'duplicate-tag',
      `Tag ${name} occurs both at the top level and under "tags"; the one with tasks is used.`,
    );
  }
  const tag = chooseTag(tags, options.tag, diagnostics);
  if (tag === undefined) return undefined;

  const items = convertTasks(tag, parsed.positions, diagnostics);
  if (items.length === 0) {
    diagnostics.error('no-items', `Tag ${tag.name} has no task that could be imported.`);
    return undefined;
  }
  return planHeader(parsed.value, tag, tags.length, options, items);
}

function chooseTag(
  tags: readonly FoundTag[],
  wanted: string | undefined,
  diagnostics: DiagnosticList,
): FoundTag | undefined {
  if (tags.length === 0) {
    diagnostics.error(
      'no-tasks',
      'No Task Master task list was found: expected a top-level "tasks" array or tags such as {"master": {"tasks": [...]}}.',
    );
    return undefined;
  }
  if (looksLikeOtherTool(tags)) {
    diagnostics.error(
      'foreign-file',
      'This tasks.json was written by another tool (its tasks have a "completed" flag and none of Task Master\'s dependencies, subtasks or details); it cannot be imported as Task Master. Convert it to a Markdown checklist or a Projan plan instead.',
    );
    return undefined;
  }

  const names = tags.map(describeTag).join(', ');
  const tag = wanted === undefined ? defaultTag(tags) : tags.find((t) => t.name === wanted);
  if (tag === undefined) {
    diagnostics.error(
      wanted === undefined ? 'empty-tag' : 'unknown-tag',
      wanted === undefined
        ? `Every tag of this file is empty: ${names}. There is nothing to import.`
        : `This file has no tag ${wanted}. Choose one of: ${names}.`,
    );
    return undefined;
  }
  if (tag.taskCount === 0) {
    diagnostics.error(
      'empty-tag',
      `Tag ${tag.name} has no tasks. Choose one of: ${names}.`,
      tag.line === undefined ? {} : { line: tag.line },
    );
    return undefined;
  }
  return tag;
}

function planHeader(
  root: unknown,
  tag: FoundTag,
  tagCount: number,
  options: ImportOptions,
  items: DraftPlan['items'],
): DraftPlan {
  const rootMeta = isRecord(root) && isRecord(root.metadata) ? root.metadata : undefined;
  const projectName = [rootMeta?.projectName, tag.metadata?.projectName].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  // Plan ids are at most 64 characters: 40 for the project, 23 for the tag.
  const base =
    slugify(projectName ?? '', 40) || slugify(fileStem(options.fileName) ?? '', 40) || 'taskmaster';
  const tagSlug = slugify(tag.name, 23) || 'tag';
  const title = projectName?.trim() ?? 'Task Master plan';
  const description = tag.metadata?.description;

  return {
    id: `${base}-${tagSlug}`,
    title: tagCount > 1 || tag.name !== 'master' ? `${title} (${tag.name})` : title,
    ...(typeof description === 'string' && description.trim() !== ''
      ? { description: description.trim() }
      : {}),
    items,
  };
}

/** `mvp (12 tasks)`, for messages that list a file's tags. */
export function describeTag(tag: { name: string; taskCount: number }): string {
  return `${tag.name} (${tag.taskCount} ${tag.taskCount === 1 ? 'task' : 'tasks'})`;
}

/** The file name without folders and extension (`.taskmaster/tasks/tasks.json` -> `tasks`). */
export function fileStem(fileName: string | undefined): string | undefined {
  if (fileName === undefined) return undefined;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '') || undefined;
}
