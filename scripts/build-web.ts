/**
 * Builds the web app into `dist/web` (or `--out DIR`) when its sources are newer than the last
 * build, so `npm start` starts at once when nothing changed. `--force` always builds. Sources:
 * everything under `src/web/` and the modules it imports from the cores (types and the error
 * catalogue), plus package-lock.json (a dependency update changes the bundle).
 *
 *   npx tsx scripts/build-web.ts [--force] [--out DIR]
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the server looks by default (`PROJAN_WEB_DIST_DIR`). */
export const DEFAULT_WEB_DIST = path.join(ROOT, 'dist', 'web');
const SOURCES = [
  path.join(ROOT, 'src', 'web'),
  path.join(ROOT, 'src', 'errors', 'catalogue.ts'),
  path.join(ROOT, 'package-lock.json'),
];

/** What {@link buildWebApp} did. */
export interface WebBuild {
  outDir: string;
  built: boolean;
}

/**
 * Builds unless `outDir/index.html` is newer than every source file. Concurrent callers (test
 * files running in parallel) wait for each other through a lock directory beside `outDir`.
 */
export async function buildWebApp(
  options: { outDir?: string; force?: boolean } = {},
): Promise<WebBuild> {
  const outDir = path.resolve(options.outDir ?? DEFAULT_WEB_DIST);
  return withLock(`${outDir}.lock`, async () => {
    if (!options.force && (await isFresh(outDir))) return { outDir, built: false };
    const { build } = await import('vite');
    await build({
      configFile: path.join(ROOT, 'src', 'web', 'vite.config.ts'),
      build: { outDir, emptyOutDir: true },
      logLevel: 'warn',
    });
    return { outDir, built: true };
  });
}

async function isFresh(outDir: string): Promise<boolean> {
  const built = await mtime(path.join(outDir, 'index.html'));
  if (built === undefined) return false;
  for (const source of SOURCES) {
    if ((await newest(source)) > built) return false;
  }
  return true;
}

async function newest(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    latest = Math.max(latest, await newest(path.join(target, entry)));
  }
  return latest;
}

async function mtime(file: string): Promise<number | undefined> {
  return (await stat(file).catch(() => undefined))?.mtimeMs;
}

const LOCK_WAIT_MS = 100;
const LOCK_STALE_MS = 120_000;

async function withLock<T>(lock: string, body: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A builder that crashed leaves its lock behind; after two minutes it is not building.
      const since = await mtime(lock);
      if (since !== undefined && Date.now() - since > LOCK_STALE_MS) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const result = await buildWebApp({
    force: args.includes('--force'),
    ...(out === undefined ? {} : { outDir: out }),
  });
  process.stdout.write(
    result.built
      ? `Built the web app into ${result.outDir}.\n`
      : `The web app in ${result.outDir} is up to date.\n`,
  );
}
