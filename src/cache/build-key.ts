// What made the cached bytes, beyond the version string: a hash of feedwright's own code (every file of the
// folder it runs from: src/ under tsx, dist/ when built), of the version of every package that reaches the
// bytes (and of what they depend on), and of the runtime (Node, V8, zlib, brotli, ICU: compression, the
// serializer, dates). A build with the same version but other code or dependencies starts cold, rather
// than serve what the old code rendered (issue: a patched build kept serving the old bytes after rescans).
import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBounded, readBoundedSync } from '../read-bounded.js';

/** Packages whose code shapes what is served (markup, escaping, front matter, YAML, config defaults, globs). */
export const BYTE_DEPENDENCIES = ['feed', 'markdown-it', 'gray-matter', 'js-yaml', 'entities', 'picomatch', 'zod', 'liquidjs'] as const;

/** src/ or dist/: the folder above cache/ (tests/cache/build-key.test.ts checks it is). */
export const CODE_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** feedwright's code is ~1 MB; a folder far past this is not the code it runs from. */
const CODE_MAX_BYTES = 64 * 1024 * 1024;
const CODE_MAX_FILE_BYTES = 8 * 1024 * 1024;
const PACKAGE_JSON_MAX_BYTES = 1024 * 1024;

export interface BuildInput {
  /** The folder of feedwright's code. */
  readonly code: string;
  /** Packages to name, resolved from `code` as Node resolves them. */
  readonly dependencies: readonly string[];
  readonly runtime: Readonly<Record<string, string | undefined>>;
}

let current: Promise<string> | undefined;

/** This process's build key, made once (~15 ms: the code is read and hashed). */
export function buildKey(): Promise<string> {
  const { node, v8, zlib, brotli, icu, unicode } = process.versions;
  current ??= computeBuildKey({ code: CODE_ROOT, dependencies: BYTE_DEPENDENCIES, runtime: { node, v8, zlib, brotli, icu, unicode } });
  return current;
}

/**
 * buildKey(), or, when the code cannot be read, a key no other process has: what is recorded under it (a
 * build's archive inputs, a bucket's manifest) is then matched by nothing and made again, never taken for
 * what another build made.
 */
export function buildKeyOrUnique(): Promise<string> {
  return buildKey().catch(() => `unknown-${randomBytes(16).toString('hex')}`);
}

export async function computeBuildKey(input: BuildInput): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`runtime\0${JSON.stringify(Object.entries(input.runtime).sort(([a], [b]) => (a < b ? -1 : 1)))}\0`);
  for (const pkg of await packageVersions(input.code, input.dependencies)) hash.update(`package\0${pkg}\0`);
  // The code is read on this thread, in one go (~12 ms for dist/'s 320 files): read through libuv's pool,
  // four waits a file, it took 50-180 ms, and a warm start waits for this key before it trusts its cache.
  let total = 0;
  for (const file of codeFiles(input.code)) {
    const bytes = readBoundedSync(path.join(input.code, file), CODE_MAX_FILE_BYTES);
    total += bytes.length;
    if (total > CODE_MAX_BYTES) throw new Error(`${input.code}: more than ${CODE_MAX_BYTES} bytes of code`);
    hash.update(`file\0${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('base64url').slice(0, 22);
}

/** Every regular file below `root`, by relative path with `/`, sorted; source maps are left out (they change no behaviour). */
function codeFiles(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fsSync.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...codeFiles(root, rel));
    else if (entry.isFile() && !entry.name.endsWith('.map')) out.push(rel);
  }
  return out.sort();
}

/**
 * `name@version` of each package and of everything it depends on, sorted, each resolved as Node would
 * from where it is required (a package may have its own copy of a dependency in another version).
 */
async function packageVersions(from: string, names: readonly string[]): Promise<string[]> {
  const seen = new Map<string, string>();
  const visit = async (name: string, dir: string): Promise<void> => {
    const found = await findPackage(name, dir);
    const key = found ?? `missing:${name}`;
    if (seen.has(key)) return;
    if (!found) {
      seen.set(key, `${name}@missing`);
      return;
    }
    const manifest = JSON.parse((await readBounded(path.join(found, 'package.json'), PACKAGE_JSON_MAX_BYTES)).toString('utf8')) as {
      version?: string;
      dependencies?: Record<string, string>;
    };
    seen.set(key, `${name}@${manifest.version ?? '?'}`);
    // Side by side: a package two visits reach at once is named twice, once in the set below.
    await Promise.all(Object.keys(manifest.dependencies ?? {}).map((dep) => visit(dep, found)));
  };
  await Promise.all(names.map((name) => visit(name, from)));
  return [...new Set(seen.values())].sort();
}

/** The folder of package `name` as required from `dir`: the nearest `node_modules/<name>` above it. */
async function findPackage(name: string, dir: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (path.basename(at) !== 'node_modules') {
      const candidate = path.join(at, 'node_modules', name);
      const found = await fs.stat(path.join(candidate, 'package.json')).then(
        (s) => s.isFile(),
        () => false,
      );
      if (found) return candidate;
    }
    if (path.dirname(at) === at) return undefined;
  }
}
