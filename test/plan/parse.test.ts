import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../src/plan/diagnostics.ts';
import { MAX_FILE_BYTES } from '../../src/plan/limits.ts';
import { parsePlanText } from '../../src/plan/parse.ts';

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);
const at = (diagnostic: Diagnostic | undefined) => [diagnostic?.line, diagnostic?.column];

/** Runs `work` and returns how long it took, in milliseconds. */
function elapsed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

describe('syntax errors', () => {
  it('reports a YAML syntax error with its line and column', () => {
    const result = parsePlanText(
      readFileSync('examples/plans/invalid/syntax-error.yaml', 'utf8'),
      'x.yaml',
    );
    assert.equal(result.plan, undefined);
    assert.deepEqual(codes(result.diagnostics), ['syntax-error']);
    assert.deepEqual(at(result.diagnostics[0]), [7, 3]);
    assert.match(
      result.diagnostics[0]?.message ?? '',
      /^The YAML is malformed at line 7, column 3: /,
    );
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = parsePlanText(
      readFileSync('examples/plans/invalid/syntax-error.json', 'utf8'),
      'x.json',
    );
    assert.deepEqual(codes(result.diagnostics), ['syntax-error']);
    assert.deepEqual(at(result.diagnostics[0]), [6, 5]);
    assert.match(
      result.diagnostics[0]?.message ?? '',
      /^The JSON is malformed at line 6, column 5 /,
    );
  });

  it('points a truncated JSON file at its end', () => {
    const result = parsePlanText('{\n  "id": "p",\n  "items": [', 'p.json');
    assert.deepEqual(codes(result.diagnostics), ['syntax-error']);
    assert.deepEqual(at(result.diagnostics[0]), [3, 13]);
  });

  it('refuses a key repeated in one JSON object, like YAML does', () => {
    const result = parsePlanText(
      '{"id": "p", "title": "A",\n "title": "B", "items": []}',
      'p.json',
    );
    assert.deepEqual(codes(result.diagnostics), ['syntax-error']);
    assert.deepEqual(at(result.diagnostics[0]), [2, 11]);
    assert.match(result.diagnostics[0]?.message ?? '', /^The key "title" appears twice/);
  });

  it('refuses duplicate keys and several YAML documents in one file', () => {
    const duplicate = parsePlanText('id: p\nid: q\ntitle: T\nitems: []\n', 'p.yaml');
    assert.deepEqual(codes(duplicate.diagnostics), ['syntax-error']);
    assert.deepEqual(at(duplicate.diagnostics[0]), [2, 1]);
    const several = parsePlanText('id: p\ntitle: T\nitems: []\n---\nid: q\n', 'p.yaml');
    assert.deepEqual(codes(several.diagnostics), ['syntax-error']);
  });
});

describe('positions', () => {
  it('points schema errors in JSON at the offending value', () => {
    const text =
      '{\n  "id": "p",\n  "title": "T",\n  "items": [\n    {"id": "a", "type": "task",\n     "title": "A", "priority": "asap"}\n  ]\n}\n';
    const result = parsePlanText(text, 'p.json');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.path, d.line, d.column]),
      [['unknown-priority', 'items[0].priority', 6, 32]],
    );
  });

  it('points an unknown JSON field at its key', () => {
    const text =
      '{"id": "p", "title": "T", "items": [\n  {"id": "a", "type": "task", "title": "A",\n   "owner": "bob"}]}';
    const result = parsePlanText(text, 'p.json');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.path, d.line, d.column]),
      [['unknown-field', 'items[0].owner', 3, 4]],
    );
  });

  it('points YAML errors at the line, also inside flow collections and through aliases', () => {
    const text = [
      'id: p',
      'title: T',
      'x-defaults: &labels [web]',
      'items:',
      '  - {id: a, type: task, title: A, labels: *labels}',
      '  - id: b',
      '    type: task',
      '    title: B',
      '    dependsOn: [a, missing]',
    ].join('\n');
    const result = parsePlanText(text, 'p.yaml');
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.path, d.line, d.column]),
      [['unknown-dependency', 'items[1].dependsOn[1]', 9, 20]],
    );
  });

  it('reads a file with a byte order mark', () => {
    const result = parsePlanText('\uFEFFid: p\ntitle: T\nitems: []\n', 'p.yaml');
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.plan, { id: 'p', title: 'T', items: [] });
  });
});

describe('hostile input is refused quickly', () => {
  it('refuses a YAML alias bomb in well under a second', () => {
    const text = readFileSync('examples/plans/invalid/alias-bomb.yaml', 'utf8');
    let result: ReturnType<typeof parsePlanText> | undefined;
    const ms = elapsed(() => {
      result = parsePlanText(text, 'bomb.yaml');
    });
    assert.deepEqual(codes(result?.diagnostics ?? []), ['yaml-alias-limit']);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('refuses deeply nested YAML and JSON without overflowing the stack', () => {
    const depth = 1_000_000;
    const cases = [
      ['deep.yaml', `id: p\ntitle: T\nitems: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
      ['deep.json', `{"id": "p", "title": "T", "items": ${'['.repeat(depth)}${']'.repeat(depth)}}`],
      ['deep2.yaml', `id: p\ntitle: T\nitems: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
    ] as const;
    for (const [name, text] of cases) {
      let result: ReturnType<typeof parsePlanText> | undefined;
      const ms = elapsed(() => {
        result = parsePlanText(text, name);
      });
      assert.deepEqual(codes(result?.diagnostics ?? []), ['structure-too-deep'], name);
      assert.ok(ms < 1000, `${name} took ${ms} ms`);
    }
  });

  it('refuses nesting of block mappings that the bracket scan cannot see', () => {
    const lines = Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}k${i}:`);
    const result = parsePlanText(
      `id: p\ntitle: T\nitems: []\nx-deep:\n${lines.map((l) => `  ${l}`).join('\n')} 1\n`,
      'p.yaml',
    );
    assert.deepEqual(codes(result.diagnostics), ['structure-too-deep']);
  });

  it('refuses text over 5 MB and text with NUL bytes before parsing', () => {
    const big = `id: p\ntitle: T\nitems: []\ndescription: "${'x'.repeat(MAX_FILE_BYTES)}"\n`;
    assert.deepEqual(codes(parsePlanText(big, 'big.yaml').diagnostics), ['file-too-large']);
    assert.deepEqual(codes(parsePlanText('id: p\u0000', 'bin.yaml').diagnostics), ['binary-file']);
  });

  it('reports an empty file as empty', () => {
    for (const text of ['', '   \n', '# only a comment\n']) {
      assert.deepEqual(codes(parsePlanText(text, 'empty.yaml').diagnostics), ['empty-file']);
    }
  });

  it('survives arbitrary junk without throwing', () => {
    const samples = [
      '- - -',
      ': :',
      '{',
      '[1, 2',
      '"',
      'items: 3',
      'id: [1]\ntitle: {}\nitems: [null, 1, "x", []]',
      '!!binary AAAA',
      '&a [*a]',
      '? [a]\n: b',
    ];
    for (const text of samples) {
      const result = parsePlanText(text, 'junk.yaml');
      assert.equal(result.plan, undefined, text);
      assert.ok(result.diagnostics.length > 0, text);
    }
  });
});
