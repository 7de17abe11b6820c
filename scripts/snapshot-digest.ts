// node --import tsx scripts/snapshot-digest.ts <out.txt>: builds the snapshot of the bundled posts, of the
// hostile fixtures and of a generated 2,000-post corpus, and writes every document's path, ETag,
// Last-Modified, content type and body hash. A refactor that must not change any byte is checked by
// running it before and after and comparing the files (`cmp`).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCorpus } from '../bench/corpus.js';
import { rescanOnce } from '../src/cli/rescan-once.js';
import { loadConfig } from '../src/config/load.js';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: snapshot-digest.ts <out.txt>\n');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const corpus = mkdtempSync(path.join(os.tmpdir(), 'fw-digest-'));
writeCorpus(corpus, { posts: 2000 });

const cases: [string, string][] = [
  ['bundled', path.join(root, 'posts')],
  ['hostile', path.join(root, 'tests/fixtures/hostile')],
  ['corpus-2000', corpus],
];
const lines: string[] = [];
for (const [name, dir] of cases) {
  const config = loadConfig({ env: {}, cwd: root, overrides: { postsDir: dir } });
  const { snapshot, result } = await rescanOnce(config, 'digest');
  if (!snapshot) throw new Error(`${name}: the rescan failed: ${JSON.stringify(result.problems)}`);
  for (const [urlPath, entry] of [...snapshot.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const body = createHash('sha256').update(entry.body.bytes()).digest('hex');
    lines.push(`${name}\t${urlPath}\t${entry.etags.identity}\t${entry.lastModified ?? '-'}\t${entry.contentType}\t${body}`);
  }
  lines.push(`${name}\tproblems\t${result.problems.map((p) => `${p.path}:${p.line ?? ''}:${p.code}`).join(' ')}`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
rmSync(corpus, { recursive: true, force: true });
process.stdout.write(`${lines.length} lines → ${out}\n`);
