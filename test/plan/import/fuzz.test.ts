import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, importDocument } from '../../../src/plan/import/index.ts';
import { validatePlanDocument } from '../../../src/plan/validate.ts';
import { realFiles } from './helpers.ts';

/** A small seeded generator (mulberry32), so every run tries the same inputs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters that matter to the three parsers, plus some that matter to none. */
const NOISE = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\n',
  '\t',
  '-',
  '*',
  '#',
  ' [x] ',
  'T0',
  '→',
  '\\',
  '💥',
  '\u0000',
  '—',
];

/** Variants of the file's first 16,000 characters (the Markdown parser is slow on long JSON). */
function variants(whole: string, next: () => number): string[] {
  const text = whole.slice(0, 16_000);
  const at = () => Math.floor(next() * text.length);
  const out: string[] = [];
  for (let i = 0; i < 6; i++) out.push(text.slice(0, at()));
  for (let i = 0; i < 4; i++) {
    const chars = [...text];
    for (let j = 0; j < 25; j++) {
      chars[Math.floor(next() * chars.length)] = NOISE[Math.floor(next() * NOISE.length)] as string;
    }
    out.push(chars.join(''));
  }
  const cut = at();
  out.push(text.slice(0, cut) + text.slice(cut + 200));
  out.push(text.slice(0, cut) + text.slice(Math.max(0, cut - 300), cut) + text.slice(cut));
  out.push(`${text}\n}}]]</content>\n<parameter name="file_path">x`);
  return out;
}

const FORMATS = ['taskmaster', 'speckit', 'markdown'] as const;

describe('importers on truncated and garbled input', () => {
  const next = random(20261204);
  const sources = ['taskmaster', 'speckit', 'markdown'].flatMap((folder) => realFiles(folder));
  for (const source of sources) {
    it(`never throws and only yields valid plans for variants of ${source.name}`, () => {
      for (const text of variants(source.text, next)) {
        for (const format of [...FORMATS, detectFormat(text)]) {
          if (format === 'projan') continue;
          const result = importDocument(text, format, { fileName: source.name });
          assert.deepEqual(
            result.diagnostics.filter((d) => d.code === 'internal-error'),
            [],
            `${format} importer crashed on a variant of ${source.name}`,
          );
          const errors = result.diagnostics.filter((d) => d.severity === 'error');
          assert.equal(result.document === undefined, errors.length > 0);
          if (result.document === undefined) continue;
          const validation = validatePlanDocument(result.document);
          assert.deepEqual(
            validation.diagnostics.filter((d) => d.severity === 'error'),
            [],
            `${format} import of a variant of ${source.name} does not validate`,
          );
        }
      }
    });
  }

  it('refuses deeply nested JSON instead of overflowing the stack', () => {
    const result = importDocument(`{"tasks":${'['.repeat(100_000)}`, 'taskmaster');
    assert.equal(result.diagnostics[0]?.code, 'syntax-error');
    assert.match(result.diagnostics[0]?.message ?? '', /Nesting deeper than 512 levels/);
  });

  it('imports 2,000 tasks in a dependency chain quickly and without recursion limits', () => {
    const tasks = Array.from({ length: 2000 }, (_, i) => ({
      id: i + 1,
      title: `Step ${i + 1}`,
      dependencies: i === 0 ? [2000] : [i],
    }));
    const result = importDocument(JSON.stringify({ tasks }), 'taskmaster');
    const cycles = result.diagnostics.filter((d) => d.code === 'dependency-cycle');
    assert.equal(cycles.length, 1);
    // The walk starts at task 1 and goes 1 → 2000 → … → 2; the edge 2 → 1 closes the cycle.
    assert.equal(cycles[0]?.itemId, '2');
  });
});
