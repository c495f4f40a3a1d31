import type { DiagnosticList } from '../draft.ts';
import { findAgentJunk, lineOf } from '../text.ts';

/** One checkbox task line of a spec-kit `tasks.md`. */
export interface SpecTask {
  /** `T001`, or undefined for a checkbox line without an id. */
  id: string | undefined;
  line: number;
  done: boolean;
  parallel: boolean;
  /** `US1` when tagged `[US1]`. */
  story: string | undefined;
  /** The task text after the id and markers. */
  text: string;
  /** Indented lines under the task line. */
  notes: string[];
}

/** An H2 section (`## Phase 3: User Story 1 - …`) and the tasks under it. */
export interface SpecSection {
  heading: string;
  line: number;
  /** `3`, `5b` for `## Phase 5b: …`; undefined for other H2 sections. */
  phase: string | undefined;
  /** Bold lead-in paragraphs (`**Purpose**: …`) and blockquote notes of the section. */
  leadIns: string[];
  tasks: SpecTask[];
}

/** A line outside code fences that is neither a heading nor a task: where dependency prose is. */
export interface ProseLine {
  line: number;
  text: string;
}

/** The structure of a spec-kit `tasks.md`, read line by line. */
export interface SpecDocument {
  /** The feature name from `# Tasks: <name>`. */
  title: string | undefined;
  /** Bold lead-in lines before the first section (`**Input**`, `**Prerequisites**`). */
  preamble: string[];
  /** Tasks before any H2 section. */
  looseTasks: SpecTask[];
  sections: SpecSection[];
  prose: ProseLine[];
}

const TASK_LINE = /^([ \t]*)[-*+][ \t]+\[([ xX])\][ \t]*(.*)$/;
const FENCE = /^[ \t]*(```|~~~)/;
const MARKER = /^\[(P|US\d+)\][ \t]*/i;

/**
 * Reads a spec-kit `tasks.md` into sections and task lines. Front matter, fenced code (the
 * "Parallel Example" blocks repeat task text) and leaked agent markup at the end are skipped;
 * the latter with a warning.
 */
export function parseSpecKit(source: string, diagnostics: DiagnosticList): SpecDocument {
  let text = source;
  const junk = findAgentJunk(text);
  if (junk >= 0) {
    const line = lineOf(text, junk);
    diagnostics.warn(
      'trailing-junk',
      `Tool-call markup leaked into the file at line ${line} (such as "</content>"); it and everything after it were ignored.`,
      { line },
    );
    text = text.slice(0, junk);
  }

  const lines = text.split(/\r?\n/);
  const doc: SpecDocument = {
    title: undefined,
    preamble: [],
    looseTasks: [],
    sections: [],
    prose: [],
  };
  let index = skipFrontMatter(lines);
  let inFence = false;
  let lastTask: SpecTask | undefined;
  let leadIn: LeadIn | undefined;
  for (; index < lines.length; index++) {
    const raw = lines[index] as string;
    const line = index + 1;
    if (FENCE.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;

    const task = TASK_LINE.exec(raw);
    // An indented checkbox without an id under a task is a note of that task, not a task.
    if (task && (task[1] === '' || /^T\d{3,}\b/.test(task[3] ?? '') || lastTask === undefined)) {
      lastTask = readTask(task[2] ?? ' ', task[3] ?? '', line);
      const section = doc.sections[doc.sections.length - 1];
      (section ? section.tasks : doc.looseTasks).push(lastTask);
      leadIn = undefined;
      continue;
    }
    if (lastTask && /^[ \t]+\S/.test(raw)) {
      lastTask.notes.push(raw.trim());
      continue;
    }
    lastTask = undefined;
    leadIn = readOther(raw, line, doc, leadIn);
  }
  return doc;
}

function skipFrontMatter(lines: string[]): number {
  if ((lines[0] ?? '').trim() !== '---') return 0;
  for (let i = 1; i < Math.min(lines.length, 40); i++) {
    if ((lines[i] as string).trim() === '---') return i + 1;
  }
  return 0;
}

function readTask(box: string, rest: string, line: number): SpecTask {
  let text = rest.trim();
  const id = /^(T\d{3,})\b[ \t]*:?[ \t]*/.exec(text);
  if (id) text = text.slice(id[0].length);
  let parallel = false;
  let story: string | undefined;
  for (let marker = MARKER.exec(text); marker; marker = MARKER.exec(text)) {
    const value = (marker[1] as string).toUpperCase();
    if (value === 'P') parallel = true;
    else story = value;
    text = text.slice(marker[0].length);
  }
  return { id: id?.[1], line, done: box !== ' ', parallel, story, text: text.trim(), notes: [] };
}

/** The lead-in paragraph being read: its list and index, so wrapped lines join it. */
interface LeadIn {
  list: string[];
  index: number;
}

function readOther(
  raw: string,
  line: number,
  doc: SpecDocument,
  open: LeadIn | undefined,
): LeadIn | undefined {
  const heading = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(raw);
  if (heading) {
    const level = (heading[1] as string).length;
    const title = (heading[2] as string).trim();
    if (level === 1 && doc.title === undefined) {
      doc.title = title.replace(/^Tasks\s*[:—–-]\s*/i, '').trim() || title;
    } else if (level === 2) {
      const phase = /^Phase\s+(\d+[a-z]?)\b/i.exec(title);
      doc.sections.push({
        heading: title,
        line,
        phase: phase?.[1]?.toLowerCase(),
        leadIns: [],
        tasks: [],
      });
    }
    return undefined;
  }
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  doc.prose.push({ line, text: trimmed });
  if (open && !/^([-*+]|\d+[.)])\s/.test(trimmed)) {
    open.list[open.index] = `${open.list[open.index]}\n${trimmed}`;
    return open;
  }
  if (!/^(\*\*|>)/.test(trimmed)) return undefined;
  const section = doc.sections[doc.sections.length - 1];
  const list = section ? section.leadIns : doc.preamble;
  list.push(trimmed);
  return { list, index: list.length - 1 };
}
