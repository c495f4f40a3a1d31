import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../src/plan/diagnostics.ts';
import { importDocument, type SourceFormat } from '../../../src/plan/import/index.ts';
import type { PlanDocument, PlanItemDocument } from '../../../src/plan/model.ts';
import { validatePlanDocument } from '../../../src/plan/validate.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The real plan files written by other people: `$PROJAN_REAL_PLANS_DIR`, else `shared/real-plans`
 * beside the clone (where CI puts its copy). They are read in place, never copied into the repo.
 */
export const realPlansDir = process.env.PROJAN_REAL_PLANS_DIR
  ? resolve(process.env.PROJAN_REAL_PLANS_DIR)
  : resolve(repoRoot, '../shared/real-plans');

/** The real files of one format folder (`taskmaster`, `speckit`, `markdown`), sorted. */
export function realFiles(folder: string): Array<{ name: string; path: string; text: string }> {
  const dir = join(realPlansDir, folder);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

/** Reads one real file by folder and name. */
export function realFile(folder: string, name: string): string {
  return readFileSync(join(realPlansDir, folder, name), 'utf8');
}

/** Every item of a document, depth-first in document order. */
export function allItems(document: PlanDocument | undefined): PlanItemDocument[] {
  const result: PlanItemDocument[] = [];
  const visit = (items: readonly PlanItemDocument[]) => {
    for (const item of items) {
      result.push(item);
      visit(item.children ?? []);
    }
  };
  visit((document?.items ?? []) as PlanItemDocument[]);
  return result;
}

/** The item with `id`; fails the test when there is none. */
export function itemById(document: PlanDocument | undefined, id: string): PlanItemDocument {
  const item = allItems(document).find((candidate) => candidate.id === id);
  assert.ok(item, `expected an item ${id}`);
  return item;
}

/** Number of dependency edges in a document. */
export function dependencyCount(document: PlanDocument | undefined): number {
  return allItems(document).reduce((sum, item) => sum + (item.dependsOn?.length ?? 0), 0);
}

/** The diagnostics with `code`. */
export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

/**
 * Imports `text` and asserts the import succeeded and that the plan validator accepts the
 * result without errors; returns the document and the importer's diagnostics.
 */
export function importValid(
  text: string,
  format: Exclude<SourceFormat, 'projan'>,
  options: { tag?: string; fileName?: string } = {},
) {
  const result = importDocument(text, format, options);
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  assert.deepEqual(errors, [], 'the import reported errors');
  assert.ok(result.document, 'the import produced no document');
  const validated = validatePlanDocument(result.document);
  assert.deepEqual(
    validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
    [],
    'the imported plan does not validate',
  );
  assert.ok(validated.plan);
  return { document: result.document, diagnostics: result.diagnostics, plan: validated.plan };
}
