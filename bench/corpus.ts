// A synthetic posts folder for the benchmark: CJK and English bodies of 1–8 KB, half raw HTML and half
// Markdown, ~40 categories, ~400 tags (C++, C#, .NET, HTTP/2, Q&A and Chinese ones), ten years of dates
// with +0800 and Z offsets. Seeded, so every run writes the same corpus.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SPECIAL_TAGS = ['C++', 'C#', '.NET', 'HTTP/2', 'Q&A', '常州日报新闻', '江南晨报新闻', '科技', '教育', '交通'];
const CJK = '城市科技文化教育交通经济社会环境体育健康新闻发展建设服务创新工作会议项目企业市民政府活动提升推进';
const WORDS = [
  'river',
  'bridge',
  'council',
  'library',
  'market',
  'transit',
  'school',
  'museum',
  'harbor',
  'festival',
  'startup',
  'compiler',
  'kernel',
  'network',
  'protocol',
  'database',
];

/** Mulberry32: a tiny seeded PRNG; the corpus must be the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusOptions {
  readonly posts: number;
  readonly seed?: number;
}

export const CATEGORIES = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? `栏目${i}` : `section-${i}`));
export const TAGS = [...SPECIAL_TAGS, ...Array.from({ length: 390 }, (_, i) => (i % 2 === 0 ? `标签${i}` : `topic-${i}`))];

/** Writes the corpus; returns the path (relative to `dir`) of the newest post, which every site feed shows. */
export function writeCorpus(dir: string, options: CorpusOptions): { newest: string } {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2015, 0, 1);
  const span = 10 * 365 * 86_400_000;
  let newest = { at: -Infinity, path: '' };
  for (let i = 0; i < options.posts; i++) {
    const sub = String(Math.floor(i / 1000)).padStart(3, '0');
    if (i % 1000 === 0) mkdirSync(path.join(dir, sub), { recursive: true });
    const rel = `${sub}/post-${i}.${i % 2 === 0 ? 'html' : 'md'}`;
    const at = start + Math.floor(random() * span);
    if (at > newest.at) newest = { at, path: rel };
    writeFileSync(path.join(dir, rel), post(i, random, pick, at));
  }
  return { newest: newest.path };
}

function post(i: number, random: () => number, pick: <T>(l: readonly T[]) => T, when: number): string {
  const cjk = i % 3 !== 0;
  const date = new Date(when);
  const iso = date.toISOString().slice(0, 19);
  const dateLine = i % 2 === 0 ? `${iso.replace('T', ' ')} +0800` : `${iso}Z`;
  const cats = [pick(CATEGORIES), ...(random() < 0.2 ? [pick(CATEGORIES)] : [])];
  const tags = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(TAGS));
  const title = cjk ? `${sentence(random, 12)}（第${i}期）` : `${WORDS[i % WORDS.length]} report ${i}`;
  const target = 1024 + Math.floor(random() * 7 * 1024);
  const paragraphs: string[] = [];
  let size = 0;
  while (size < target) {
    const p = cjk ? sentence(random, 60 + Math.floor(random() * 80)) : english(random, 40 + Math.floor(random() * 60));
    paragraphs.push(p);
    size += Buffer.byteLength(p);
  }
  const html = i % 2 === 0;
  const body = html
    ? paragraphs.map((p, k) => (k === 1 ? `<p>${p} <a href="//example.org/${i}">link</a></p>` : `<p>${p}</p>`)).join('\n ')
    : paragraphs.map((p, k) => (k === 1 ? `${p} [link](/about/) <https://example.org/${i}>` : p)).join('\n\n');
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${dateLine}`,
    `categories: [${cats.map((c) => JSON.stringify(c)).join(', ')}]`,
    `tags: [${tags.map((t) => JSON.stringify(t)).join(', ')}]`,
    '---',
    body,
  ].join('\n');
}

function sentence(random: () => number, length: number): string {
  let s = '';
  for (let k = 0; k < length; k++) s += k % 17 === 16 ? '，' : CJK[Math.floor(random() * CJK.length)];
  return `${s}。`;
}

function english(random: () => number, words: number): string {
  return `${Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')}.`;
}
