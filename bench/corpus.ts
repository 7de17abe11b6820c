// A synthetic posts folder for the benchmark: CJK and English bodies of 1–8 KB (or, the 'long' kind, a
// newspaper's Chinese articles of 3–5 KB), half raw HTML and half Markdown, ~40 categories, ~400 tags
// (C++, C#, .NET, HTTP/2, Q&A and Chinese ones), ten years of dates with +0800 and Z offsets. Seeded, so
// every run writes the same corpus: a corpus kept on disk (corpora.ts) equals a fresh one.
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

export type CorpusKind = 'short' | 'long';

export interface CorpusOptions {
  readonly posts: number;
  readonly seed?: number;
  /** 'short' (the default): CJK and English bodies of 1–8 KB. 'long': every body Chinese and 3–5 KB. */
  readonly kind?: CorpusKind;
}

export const CATEGORIES = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? `栏目${i}` : `section-${i}`));
export const TAGS = [...SPECIAL_TAGS, ...Array.from({ length: 390 }, (_, i) => (i % 2 === 0 ? `标签${i}` : `topic-${i}`))];

/**
 * The same posts as a Jekyll site (issue 24): `_posts/YYYY-MM-DD-post-N.ext`, a _config.yml, and, for
 * `liquidShare` of the posts, a download table from site.data, an include with parameters and a
 * highlighted block, as release notes do. 0: a Jekyll site whose posts have no Liquid.
 */
export interface JekyllCorpusOptions extends CorpusOptions {
  readonly liquidShare: number;
}

const RELEASES = Array.from(
  { length: 60 },
  (_, i) =>
    `- version: "3.${Math.floor(i / 10)}.${i % 10}"\n  date: 2024-01-${String(1 + (i % 28)).padStart(2, '0')}\n  url:\n    gz: https://downloads.example.org/ruby-3.${Math.floor(i / 10)}.${i % 10}.tar.gz\n    zip: https://downloads.example.org/ruby-3.${Math.floor(i / 10)}.${i % 10}.zip\n  sha256: ${'0123456789abcdef'.repeat(4)}\n`,
).join('');

export function writeJekyllCorpus(dir: string, options: JekyllCorpusOptions): { newest: string } {
  mkdirSync(path.join(dir, '_posts'), { recursive: true });
  mkdirSync(path.join(dir, '_data'), { recursive: true });
  mkdirSync(path.join(dir, '_includes'), { recursive: true });
  writeFileSync(path.join(dir, '_config.yml'), 'title: Bench\nurl: https://news.example.cn\ntimezone: Asia/Shanghai\nfeed:\n  posts_limit: 20\n');
  writeFileSync(path.join(dir, '_data', 'releases.yml'), RELEASES);
  writeFileSync(
    path.join(dir, '_includes', 'note.html'),
    '<div class="note note-{{ include.type | default: "info" }}">\n<p><strong>{{ include.title }}:</strong> {{ include.content }}</p>\n</div>\n',
  );
  writeFileSync(
    path.join(dir, '_includes', 'downloads.html'),
    '{%- assign rel = site.data.releases | where: "version", include.version | first -%}\n<table><tr><td><a href="{{ rel.url.gz }}">ruby-{{ rel.version }}.tar.gz</a></td><td><code>{{ rel.sha256 }}</code></td></tr></table>\n',
  );
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2015, 0, 1);
  const span = 10 * 365 * 86_400_000;
  let newest = { at: -Infinity, path: '' };
  const every = options.liquidShare > 0 ? Math.round(1 / options.liquidShare) : 0;
  for (let i = 0; i < options.posts; i++) {
    const at = start + Math.floor(random() * span);
    const day = new Date(at).toISOString().slice(0, 10);
    const rel = `_posts/${day}-post-${i}.${i % 2 === 0 ? 'html' : 'md'}`;
    if (instant(i, at) > newest.at) newest = { at: instant(i, at), path: rel };
    let text = post(i, random, pick, at);
    if (every > 0 && i % every === 0) text += liquidPart(i);
    writeFileSync(path.join(dir, rel), text);
  }
  return { newest: newest.path };
}

/** What a release note adds: a data lookup, two includes with parameters, a highlighted block. */
function liquidPart(i: number): string {
  const version = `3.${Math.floor((i % 60) / 10)}.${i % 10}`;
  return [
    '',
    '',
    `{% assign rel = site.data.releases | where: "version", "${version}" | first %}`,
    `Ruby {{ rel.version }} was released on {{ rel.date | date_to_long_string }}: [download]({{ rel.url.gz }}).`,
    '',
    `{% include downloads.html version="${version}" %}`,
    '',
    '{% include note.html type="warning" title="Upgrade" content="Read the upgrade notes first." %}',
    '',
    '{% highlight ruby %}',
    'def greet(name)',
    '  puts "Hello, #{name}"',
    'end',
    '{% endhighlight %}',
    '',
  ].join('\n');
}

/** One post of the corpus: its path relative to the posts folder, and its text. */
export interface CorpusPost {
  readonly rel: string;
  readonly text: string;
}

/**
 * The corpus's posts in order, without touching the disk (so a kept corpus can be checked against it):
 * folders of 1,000 posts (`000/post-0.html` …), and `newest` (the path every site feed shows) at the end.
 */
export function* corpusPosts(options: CorpusOptions): Generator<CorpusPost, { newest: string }> {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2015, 0, 1);
  const span = 10 * 365 * 86_400_000;
  const long = options.kind === 'long';
  let newest = { at: -Infinity, path: '' };
  for (let i = 0; i < options.posts; i++) {
    const sub = String(Math.floor(i / 1000)).padStart(3, '0');
    const rel = `${sub}/post-${i}.${i % 2 === 0 ? 'html' : 'md'}`;
    const at = start + Math.floor(random() * span);
    if (instant(i, at) > newest.at) newest = { at: instant(i, at), path: rel };
    yield { rel, text: post(i, random, pick, at, long) };
  }
  return { newest: newest.path };
}

/** Writes the corpus; returns the path (relative to `dir`) of the newest post, which every site feed shows. */
export function writeCorpus(dir: string, options: CorpusOptions): { newest: string } {
  const posts = corpusPosts(options);
  let made = '';
  for (;;) {
    const next = posts.next();
    if (next.done) return next.value;
    const file = path.join(dir, next.value.rel);
    const folder = path.dirname(file);
    if (folder !== made) mkdirSync(folder, { recursive: true });
    made = folder;
    writeFileSync(file, next.value.text);
  }
}

/**
 * When post `i` was published: its date line shows `at`'s digits, with +0800 for even posts, which is 8 h
 * earlier than `at`. Picking the newest by `at` named a post that, at a million posts, was not among the
 * site feed's newest 20, and an edit of it never changed /rss.xml.
 */
function instant(i: number, at: number): number {
  return i % 2 === 0 ? at - 8 * 3_600_000 : at;
}

function post(i: number, random: () => number, pick: <T>(l: readonly T[]) => T, when: number, long = false): string {
  const cjk = long || i % 3 !== 0;
  const date = new Date(when);
  const iso = date.toISOString().slice(0, 19);
  const dateLine = i % 2 === 0 ? `${iso.replace('T', ' ')} +0800` : `${iso}Z`;
  const cats = [pick(CATEGORIES), ...(random() < 0.2 ? [pick(CATEGORIES)] : [])];
  const tags = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(TAGS));
  const title = cjk ? `${sentence(random, 12)}（第${i}期）` : `${WORDS[i % WORDS.length]} report ${i}`;
  // The same draw for both kinds: only its scale differs.
  const target = long ? 3 * 1024 + Math.floor(random() * 2 * 1024) : 1024 + Math.floor(random() * 7 * 1024);
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
