// node --import tsx bench/markdown-engines.ts [--posts 10000]: renders the Markdown bodies of the benchmark
// corpus (bench/corpus.ts) with the commonmark and the kramdown engine of src/content/markdown, and prints the
// time each takes (median of five rounds, after a warm-up round) and the kramdown engine's parsing steps per
// character. Figures, not assertions.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { markdownRenderer } from '../src/content/markdown/index.js';
import { kramdownMarkdownIt } from '../src/content/markdown/kramdown/engine.js';
import { kramdownOptions } from '../src/content/markdown/kramdown/options.js';
import type { KramdownEnv } from '../src/content/markdown/kramdown/state.js';
import { writeCorpus } from './corpus.js';

const { values } = parseArgs({ options: { posts: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } } });
const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-md-bench-'));
try {
  writeCorpus(dir, { posts: Number(values.posts) });
  const files = readdirSync(dir)
    .flatMap((sub) => readdirSync(path.join(dir, sub)).map((f) => path.join(dir, sub, f)))
    .filter((f) => statSync(f).isFile());
  // The body after the front matter; .md posts only (the corpus's .html posts are never rendered as Markdown).
  const bodies = files.filter((f) => f.endsWith('.md')).map((f) => readFileSync(f, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
  const engines = { commonmark: markdownRenderer({ engine: 'commonmark' }), kramdown: markdownRenderer({ engine: 'kramdown' }) };
  const rounds = Number(values.rounds);
  const figures: Record<string, number> = {};
  for (const [name, render] of Object.entries(engines)) {
    for (const b of bodies) render(b);
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      for (const b of bodies) render(b);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    figures[name] = times[Math.floor(times.length / 2)] ?? 0;
  }
  const md = kramdownMarkdownIt(kramdownOptions(undefined));
  let maxRatio = 0;
  for (const b of bodies) {
    const env: KramdownEnv = {};
    md.render(b, env);
    maxRatio = Math.max(maxRatio, (env.kd?.steps ?? 0) / b.length);
  }
  const mb = bytes / 1024 / 1024;
  console.log(`${bodies.length} Markdown bodies, ${mb.toFixed(1)} MiB`);
  for (const [name, ms] of Object.entries(figures))
    console.log(`${name.padEnd(10)} ${ms.toFixed(0)} ms  (${((ms * 1000) / bodies.length).toFixed(0)} µs a post, ${(mb / (ms / 1000)).toFixed(1)} MiB/s)`);
  console.log(`kramdown / commonmark: ${((figures.kramdown ?? 0) / (figures.commonmark ?? 1)).toFixed(2)}×`);
  console.log(`kramdown steps per character: at most ${maxRatio.toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
