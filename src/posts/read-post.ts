// One file's bytes → a Post, or the reason it is not one. Pure: no file system, no clock.
import path from 'node:path';
import type { Author } from '../config/schema.js';
import { problem, type Problem, type ProblemCode } from '../errors.js';
import { datePrefix, parseDate, wallTimeOf } from './dates.js';
import { invalidUtf8Line, looksBinary } from './decode.js';
import { FRONT_MATTER_BUDGET } from './budget.js';
import { lineOfKey, splitFrontMatter } from './front-matter.js';
import { cutText, limitNames, LIMITS } from './limits.js';
import { expandPermalink } from './permalink.js';
import type { BodyFormat, Post, PostBody } from './post.js';
import { preview } from './preview.js';
import { foldName, namesFrom } from './taxonomy.js';
import { htmlToText, oneLine, xmlSafe } from './text.js';

export interface ReadOptions {
  readonly timeZone: string;
  /** Absolute site URL ending in `/`; links and ids are resolved against it. */
  readonly siteUrl: string;
  readonly permalink: string;
  /** Extensions (lower case, no dot) whose bodies are Markdown. */
  readonly markdown: readonly string[];
}

export interface SourceFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly hash: string;
}

export type ReadResult =
  | { readonly kind: 'post'; readonly post: Post; readonly body: PostBody; readonly problems: readonly Problem[] }
  | { readonly kind: 'excluded'; readonly why: 'draft' | 'unpublished'; readonly problems: readonly Problem[] }
  | { readonly kind: 'rejected'; readonly problems: readonly Problem[] };

export function readPost(file: SourceFile, options: ReadOptions): ReadResult {
  const problems: Problem[] = [];
  const reject = (p: Problem): ReadResult => ({ kind: 'rejected', problems: [...problems, p] });
  const where = file.path;

  if (looksBinary(file.bytes)) return reject(problem('FW_POST_BINARY', where));
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  // Keep a post with a few bad bytes (replaced by U+FFFD): they should not cost a reader the article.
  const badLine = invalidUtf8Line(bytes);
  if (badLine !== undefined) problems.push(problem('FW_POST_INVALID_UTF8', where, undefined, badLine, 'warning'));

  // Only the front matter is decoded now; the body stays bytes until a feed shows the post.
  const head = frontMatterHead(bytes, headLimit);
  if (head === 'too-long') return reject(problem('FW_POST_OVER_BUDGET', where, `front matter longer than ${FRONT_MATTER_BUDGET.chars} characters`, 1));
  const text = head ? head.text : normalize(bytes.toString('utf8'));
  if (!head && text.trim() === '') return reject(problem('FW_POST_EMPTY', where));
  const fm = splitFrontMatter(text);
  switch (fm.kind) {
    case 'none':
      return reject(problem('FW_POST_NO_FRONT_MATTER', where, undefined, 1, 'warning'));
    case 'unclosed':
      return reject(problem('FW_POST_UNCLOSED_FRONT_MATTER', where, undefined, 1));
    case 'bad-yaml':
      return reject(problem('FW_POST_BAD_YAML', where, fm.reason, fm.line));
    case 'not-map':
      return reject(problem('FW_POST_FRONT_MATTER_NOT_MAP', where, `found ${fm.found}`, 2));
    case 'over-budget': {
      const detail = fm.key === undefined ? fm.reason : `${preview(fm.key, 40)}: ${fm.reason}`;
      return reject(problem('FW_POST_OVER_BUDGET', where, detail, fm.key === undefined ? 1 : lineOfKey(text, fm.key)));
    }
    case 'ok':
      break;
  }
  const data = fm.data;
  const lineOf = (key: string): number | undefined => lineOfKey(text, key);
  const warn: Warn = (code, detail, key) => {
    problems.push(problem(code, where, detail, lineOf(key), 'warning'));
  };

  if (data.draft === true) return { kind: 'excluded', why: 'draft', problems };
  if (data.published === false) return { kind: 'excluded', why: 'unpublished', problems };

  const stem = path.posix.basename(file.path, path.posix.extname(file.path));
  const prefix = datePrefix(stem);

  // Date: front matter, else the file name's YYYY-MM-DD- prefix; never the file's mtime.
  const dateKey = data.date !== undefined && data.date !== null ? 'date' : undefined;
  let date: number;
  if (dateKey) {
    const raw = data.date;
    const parsed = typeof raw === 'string' ? parseDate(raw, options.timeZone) : undefined;
    if (!parsed?.ok) {
      const why = parsed ? parsed.reason : `expected a date, found ${describe(raw)}`;
      return reject(problem('FW_POST_BAD_DATE', where, why, lineOf('date')));
    }
    date = parsed.ms;
  } else if (prefix) {
    const parsed = parseDate(prefix.date, options.timeZone);
    if (!parsed.ok) return reject(problem('FW_POST_BAD_DATE', where, `file name: ${parsed.reason}`));
    date = parsed.ms;
  } else {
    return reject(problem('FW_POST_NO_DATE', where, undefined, 1));
  }

  let updated = date;
  const updatedKey = data.updated !== undefined && data.updated !== null ? 'updated' : 'last_modified_at';
  const updatedRaw = data[updatedKey];
  if (updatedRaw !== undefined && updatedRaw !== null) {
    const parsed = typeof updatedRaw === 'string' ? parseDate(updatedRaw, options.timeZone) : undefined;
    if (!parsed?.ok) warn('FW_POST_BAD_DATE', `${updatedKey}: ${parsed ? parsed.reason : describe(updatedRaw)}; ignored`, updatedKey);
    else if (parsed.ms < date) warn('FW_POST_UPDATED_BEFORE_DATE', `${updatedKey} ${updatedRaw}`, updatedKey);
    else updated = parsed.ms;
  }

  // Jekyll titles an untitled post after its slug: 2022-01-11-my-first-post.md → "My First Post".
  const fallbackTitle = oneLine(titleize(prefix ? prefix.rest : stem)) || oneLine(stem) || 'Untitled';
  let title = fallbackTitle;
  if (isScalar(data.title)) title = oneLine(String(data.title)) || fallbackTitle;
  else if (data.title !== undefined && data.title !== null) {
    warn('FW_POST_BAD_FIELD', `title: expected text, found ${describe(data.title)}; the file name is used`, 'title');
  }
  if (cutText(title, LIMITS.titleLength) !== title) {
    warn('FW_POST_OVER_LIMIT', `title: ${[...title].length} characters, cut to ${LIMITS.titleLength}`, 'title');
    title = cutText(title, LIMITS.titleLength);
  }

  const categories = limitedNamesFrom(data, 'category', 'categories', warn);
  const tags = limitedNamesFrom(data, 'tag', 'tags', warn);

  const author = readAuthor(data.author, options.siteUrl);
  if (author === 'bad') warn('FW_POST_BAD_FIELD', `author: expected a name or {name, email, url}, found ${describe(data.author)}`, 'author');

  const excerptKey = ['excerpt', 'description', 'summary'].find((k) => isScalar(data[k]) && String(data[k]).trim() !== '');
  // Jekyll renders an excerpt as HTML; the feeds want its text.
  const excerpt = excerptKey ? htmlToText(String(data[excerptKey])) : undefined;

  const slug = isScalar(data.slug) && String(data.slug).trim() !== '' ? String(data.slug).trim() : prefix ? prefix.rest : stem;
  const vars = { wall: wallTimeOf(date, options.timeZone), categories, slug };
  const pattern = isScalar(data.permalink) && String(data.permalink).trim() !== '' ? String(data.permalink).trim() : options.permalink;
  const link = resolveLink(expandPermalink(pattern.startsWith('/') ? pattern : `/${pattern}`, vars), options.siteUrl);

  let id = link;
  if (isScalar(data.id) && String(data.id).trim() !== '') {
    const resolved = resolveId(String(data.id).trim(), options.siteUrl);
    if (resolved) id = resolved;
    else warn('FW_POST_BAD_FIELD', `id: ${preview(String(data.id))} is not a URI; the link is used`, 'id');
  }

  const image = readImage(data.image, options.siteUrl);
  if (image === 'bad') warn('FW_POST_BAD_FIELD', `image: expected a URL or {path}, found ${describe(data.image)}`, 'image');

  const format = bodyFormat(file.path, options);
  const post: Post = {
    path: file.path,
    hash: file.hash,
    title,
    date,
    updated,
    categories,
    tags,
    author: author === 'bad' ? undefined : author,
    excerpt: excerpt || undefined,
    link,
    id,
    image: image === 'bad' ? undefined : image,
  };
  return { kind: 'post', post, body: { bytes: head ? bytes.subarray(head.bodyStart) : Buffer.alloc(0), format }, problems };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The body of a post read before: its bytes after the front matter, without parsing the front matter
 * again. Undefined when the file no longer opens with a closed front matter block.
 */
export function postBody(file: Pick<SourceFile, 'path' | 'bytes'>, options: Pick<ReadOptions, 'markdown'>): PostBody | undefined {
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const head = frontMatterHead(bytes, headLimit);
  if (head === undefined || head === 'too-long') return undefined;
  return { bytes: bytes.subarray(head.bodyStart), format: bodyFormat(file.path, options) };
}

function bodyFormat(file: string, options: Pick<ReadOptions, 'markdown'>): BodyFormat {
  return options.markdown.includes(path.posix.extname(file).slice(1).toLowerCase()) ? 'markdown' : 'html';
}

/** Text as the parsers want it: no byte-order mark, LF line endings. */
export function normalize(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

// A UTF-8 character is at most 4 bytes (and 2 UTF-16 units): a head longer than this is over budget.
const headLimit = FRONT_MATTER_BUDGET.chars * 4;

/**
 * The front matter block of a file, decoded, up to and including its closing `---` or `...` line, and
 * the byte offset where the body starts; undefined when the file does not open with a closed block,
 * 'too-long' when no closing line comes within `limit` bytes (the block is over budget either way).
 */
function frontMatterHead(bytes: Buffer, limit: number): { text: string; bodyStart: number } | 'too-long' | undefined {
  const start = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  if (bytes.toString('latin1', start, start + 3) !== '---') return undefined;
  let lineStart = start;
  for (let line = 0; lineStart < bytes.length; line++) {
    if (lineStart - start > limit) return 'too-long';
    const nl = bytes.indexOf(0x0a, lineStart);
    const lineEnd = nl === -1 ? bytes.length : nl;
    const content = bytes.toString('latin1', lineStart, lineEnd).replace(/\r$/, '');
    if (line === 0 ? !/^---[ \t]*$/.test(content) : /^(?:---|\.\.\.)[ \t]*$/.test(content)) {
      if (line === 0) return undefined;
      return { text: normalize(bytes.toString('utf8', start, lineEnd)), bodyStart: nl === -1 ? bytes.length : nl + 1 };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

type Warn = (code: ProblemCode, detail: string, key: string) => void;

/** Categories or tags, with values that are not names and names past the limits reported. */
function limitedNamesFrom(data: Readonly<Record<string, unknown>>, singular: string, plural: string, warn: Warn): readonly string[] {
  const key = data[singular] !== undefined && data[singular] !== null ? singular : plural;
  const found = namesFrom(data, singular, plural);
  for (const bad of found.rejected) warn('FW_POST_BAD_FIELD', `${key}: ${bad} is not a name; left out`, key);
  const limited = limitNames(found.names, foldName);
  if (limited.dropped > 0) {
    const count = found.more ? `${found.names.length} names or more` : `${found.names.length} names`;
    warn('FW_POST_OVER_LIMIT', `${key}: ${count}; the first ${LIMITS.names} are kept`, key);
  }
  if (limited.cut > 0) warn('FW_POST_OVER_LIMIT', `${key}: names cut to ${LIMITS.nameLength} characters: ${limited.cut}`, key);
  return limited.names;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${preview(value)}`;
}

/** Jekyll's `titleize_slug`: Ruby's `capitalize` on each hyphen-separated word. */
function titleize(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** The site URL's origin and path, then the expanded permalink (Jekyll: url + baseurl + permalink). */
function resolveLink(pathname: string, siteUrl: string): string {
  return new URL(siteUrl.replace(/\/$/, '') + pathname).href;
}

/**
 * An id with a scheme (`https:`, `tag:`, `urn:`) is used as written; anything else is a path resolved
 * against the site, as jekyll-feed does with `post.id | absolute_url`.
 */
function resolveId(raw: string, siteUrl: string): string | undefined {
  const text = xmlSafe(raw);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) && !/^[A-Za-z]:[\\/]/.test(text)) {
    return URL.canParse(text) ? new URL(text).href : undefined;
  }
  const pathname = text.startsWith('/') ? text : `/${text}`;
  const candidate = siteUrl.replace(/\/$/, '') + pathname.split('/').map((s) => encodeURIComponent(s)).join('/');
  return URL.canParse(candidate) ? new URL(candidate).href : undefined;
}

function readAuthor(value: unknown, siteUrl: string): Author | undefined | 'bad' {
  if (value === undefined || value === null) return undefined;
  if (isScalar(value)) {
    const name = oneLine(String(value));
    return name ? { name } : undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return 'bad';
  const map = value as Record<string, unknown>;
  const name = isScalar(map.name) ? oneLine(String(map.name)) : '';
  if (!name) return 'bad';
  const email = typeof map.email === 'string' && /^[^\s@<>()]+@[^\s@<>()]+$/.test(map.email.trim()) ? map.email.trim() : undefined;
  const rawUrl = [map.url, map.uri, map.link].find((v) => typeof v === 'string');
  const url = typeof rawUrl === 'string' && URL.canParse(rawUrl, siteUrl) ? new URL(rawUrl, siteUrl).href : undefined;
  return { name, ...(email ? { email } : {}), ...(url ? { url } : {}) };
}

function readImage(value: unknown, siteUrl: string): string | undefined | 'bad' {
  if (value === undefined || value === null || value === '') return undefined;
  // jekyll-seo-tag allows `image: {path: ...}`.
  const raw = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).path : value;
  if (typeof raw !== 'string' || raw.trim() === '') return 'bad';
  const text = raw.trim();
  const base = text.startsWith('//') ? new URL(siteUrl).protocol + text : text;
  if (!URL.canParse(base, siteUrl)) return 'bad';
  const url = new URL(base, siteUrl);
  return /^https?:$/.test(url.protocol) ? url.href : 'bad';
}
