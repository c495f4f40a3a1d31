import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PlanError } from '../../src/plan/errors.ts';
import { loadPlanFile } from '../../src/plan/load.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'projan-load-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPlanFile', () => {
  it('loads a Projan YAML plan and says which format it read', async () => {
    const result = await loadPlanFile('examples/plans/web-launch.yaml');
    assert.equal(result.format, 'projan');
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.plan?.id, 'web-launch');
  });

  it('throws a PlanError with a stable code when the file is missing or a directory', async () => {
    const missing = join(dir, 'nope.yaml');
    await assert.rejects(loadPlanFile(missing), (error: unknown) => {
      assert.ok(error instanceof PlanError);
      assert.equal(error.code, 'file-not-found');
      assert.equal(error.message, `There is no file at ${missing}; check the path and try again.`);
      return true;
    });
    const folder = join(dir, 'plans');
    await mkdir(folder);
    await assert.rejects(loadPlanFile(folder), (error: unknown) => {
      assert.ok(error instanceof PlanError);
      assert.equal(error.code, 'not-a-file');
      assert.equal(error.message, `${folder} is a directory; give the path of a plan file.`);
      return true;
    });
  });

  it('refuses a file over 5 MB from its size, before reading it', async () => {
    const big = join(dir, 'big.yaml');
    await writeFile(big, '');
    await truncate(big, 6 * 1024 * 1024);
    const result = await loadPlanFile(big);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['file-too-large'],
    );
  });

  it('refuses binary files', async () => {
    const png = join(dir, 'diagram.yaml');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]));
    const invalidUtf8 = await loadPlanFile(png);
    assert.deepEqual(
      invalidUtf8.diagnostics.map((d) => d.code),
      ['binary-file'],
    );
    const withNul = join(dir, 'nul.yaml');
    await writeFile(withNul, 'id: p\u0000\n');
    assert.deepEqual(
      (await loadPlanFile(withNul)).diagnostics.map((d) => d.code),
      ['binary-file'],
    );
  });

  it('imports other formats and validates the result like a YAML plan', async () => {
    const outline = join(dir, 'roadmap.md');
    await writeFile(outline, '# Roadmap\n\n## Search\n\n- [x] Index products\n- [ ] Search box\n');
    const result = await loadPlanFile(outline);
    assert.equal(result.format, 'markdown');
    assert.equal(result.diagnostics.filter((d) => d.severity === 'error').length, 0);
    assert.ok((result.plan?.items.length ?? 0) > 0);
  });

  it('honours an explicit format', async () => {
    const outline = join(dir, 'notes.md');
    await writeFile(outline, '# Notes\n\n- one\n- two\n');
    const result = await loadPlanFile(outline, { format: 'projan' });
    assert.equal(result.format, 'projan');
    assert.equal(result.plan, undefined);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['not-a-plan'],
    );
  });
});
