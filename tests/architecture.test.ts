// The layout states the architecture (CONTRIBUTING.md; ../STYLE): data flows one way, files → posts
// → scopes → render → snapshot → http, with the rescan, its triggers and publishers, and the CLI at the
// edge. This test reads every import in src/ and fails on an import circle, or on an import that points
// back up the flow.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Each room, and the rooms it may import from (itself always). Files at src/ top level are shared. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  '': [],
  config: [''],
  posts: ['', 'config'],
  content: ['', 'config', 'posts'],
  scopes: ['', 'config', 'posts'],
  render: ['', 'config', 'posts', 'content', 'scopes'],
  snapshot: ['', 'config', 'posts', 'content', 'scopes', 'render'],
  // Who reads the feeds, from the requests' User-Agents and hashed addresses: facts only, no HTTP.
  subscribers: ['', 'config'],
  http: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot', 'subscribers'],
  // Where post files come from, the warm cache and archive pages: each a room of its own below the rescan.
  sources: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot'],
  cache: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot'],
  archives: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot', 'sources', 'cache'],
  rescan: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot', 'sources', 'cache'],
  triggers: ['', 'config', 'posts', 'rescan'],
  publish: ['', 'config', 'snapshot'],
  cluster: ['', 'config', 'snapshot', 'rescan', 'triggers', 'publish', 'subscribers'],
  cli: ['', 'config', 'posts', 'content', 'scopes', 'render', 'snapshot', 'http', 'sources', 'cache', 'archives', 'rescan', 'triggers', 'publish'],
};
/** The composition root and the status report see every room. */
const ROOTS = new Set(['service.ts', 'status-report.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|mjs)$/.test(name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?from\s+)?'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2] ?? '');
  return specs.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

const room = (file: string): string => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '' : (rel[0] as string);
};

const graph = new Map(files(SRC).map((f) => [f, importsOf(f).filter((i) => i.endsWith('.ts'))]));

test('every import in src/ points down the flow (or within its own room)', () => {
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    const from = room(file);
    if (from === '' && ROOTS.has(path.basename(file))) continue;
    const allowed = MAY_IMPORT[from];
    assert.ok(allowed, `no rule for the room of ${path.relative(SRC, file)}`);
    for (const target of imports) {
      const to = room(target);
      if (to !== from && !allowed.includes(to)) wrong.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('src/ has no import circle', () => {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(circles, []);
});

/** What a file imports for its values (no `import type`, no `import()`): what loads with it. */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)(?:[^'";]*?from\s+)?'([^']+)'/g)].map((m) => m[1] ?? '');
  return specs.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

/** Every file that loads with `from`. */
function loadsWith(from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const next of valueImportsOf(file)) {
      if (seen.has(next) || !next.endsWith('.ts')) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

test('the service loads the rendering stack when its first rescan starts, not with its code: a warm start serves first', () => {
  const service = loadsWith(path.join(SRC, 'service.ts'));
  for (const heavy of ['content/render-body.ts', 'render/content.ts', 'sources/contents.ts']) {
    assert.ok(!service.has(path.join(SRC, heavy)), `src/service.ts loads ${heavy} with itself`);
  }
  // It is there all the same, through loadContents (sources/contents-module.ts).
  assert.ok(service.has(path.join(SRC, 'sources/contents-module.ts')));
  assert.match(readFileSync(path.join(SRC, 'sources/contents-module.ts'), 'utf8'), /import\('\.\/contents\.js'\)/);
  // And serve lists the folder for the warm start before it loads the service.
  assert.ok(!loadsWith(path.join(SRC, 'cli/serve.ts')).has(path.join(SRC, 'service.ts')));
});

/** The packages a file imports for its values (no `import type`, no `import()`, no createRequire). */
function valuePackagesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)(?:[^'";]*?from\s+)?'([^']+)'/g)].map((m) => m[1] ?? '');
  return specs.filter((s) => !s.startsWith('.') && !s.startsWith('node:'));
}

test('Express and gray-matter load when first needed, not with the service: a warm start serves its documents and probes without them', () => {
  for (const entry of ['service.ts', 'cli/main.ts']) {
    for (const file of loadsWith(path.join(SRC, entry))) {
      for (const late of ['express', 'gray-matter']) {
        assert.ok(!valuePackagesOf(file).includes(late), `${path.relative(SRC, file)} loads ${late} with src/${entry}`);
      }
    }
  }
  // Express is there all the same, through the lazy app (http/lazy-app.ts), and gray-matter at the first parse.
  assert.match(readFileSync(path.join(SRC, 'service.ts'), 'utf8'), /import\('\.\/http\/app\.js'\)/);
  assert.match(readFileSync(path.join(SRC, 'posts/front-matter.ts'), 'utf8'), /require\('gray-matter'\)/);
});
