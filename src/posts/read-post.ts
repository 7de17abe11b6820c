// One file's bytes → a Post, or the reason it is not one. Pure: no file system, no clock.
import path from 'node:path';
import { problem, type Problem } from '../errors.js';
import { FRONT_MATTER_BUDGET } from './budget.js';
import { datePrefix } from './dates.js';
import { invalidUtf8Line, looksBinary } from './decode.js';
import { readAuthor } from './fields/author.js';
import { readAuthors } from './fields/authors.js';
import { readEnclosures } from './fields/enclosures.js';
import { readEpisode } from './fields/episode.js';
import { readPicture } from './fields/picture.js';
import { episodeProblem, mediaOf } from './post-media-parts.js';
import { readDates } from './fields/date.js';
import { readExcerpt } from './fields/excerpt.js';
import type { FieldContext, Read } from './fields/field.js';
import type { ReadOptions } from './options.js';
import { readImage } from './fields/image.js';
import { readLinkAndId } from './fields/link.js';
import { readNames } from './fields/names.js';
import { readTitle } from './fields/title.js';
import { categoriesFromPath, jekyllKind } from './jekyll-layout.js';
import { foldName } from './taxonomy.js';
import { frontMatterHead, lineOfKey, normalizeText, splitFrontMatter } from './front-matter.js';
import type { BodyFormat, Post, PostBody } from './post.js';
import { preview } from './preview.js';

export interface SourceFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly hash: string;
  /** The file's time: a Jekyll draft without a date is dated by it, as Jekyll does. */
  readonly mtimeMs?: number;
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
  const head = frontMatterHead(bytes);
  if (head === 'too-long') return reject(problem('FW_POST_OVER_BUDGET', where, `front matter longer than ${FRONT_MATTER_BUDGET.chars} characters`, 1));
  const text = head ? head.text : normalizeText(bytes.toString('utf8'));
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
  if (data.draft === true) return { kind: 'excluded', why: 'draft', problems };
  if (data.published === false) return { kind: 'excluded', why: 'unpublished', problems };

  const stem = path.posix.basename(file.path, path.posix.extname(file.path));
  const lines = (): string[] => text.split('\n');
  const plain = (key: string): boolean => {
    const line = lineOfKey(text, key);
    return line !== undefined && !/^[^:]*:\s*['"]/.test(lines()[line - 1] ?? '');
  };
  const context: FieldContext = { path: where, stem, prefix: datePrefix(stem), options, lineOf: (key) => lineOfKey(text, key), plain };
  /** A field's value, its warnings kept in the order the fields are read. */
  const keep = <T>(field: Read<T>): T => {
    problems.push(...field.problems);
    return field.value;
  };

  const draft = options.layout === 'jekyll' && jekyllKind(file.path, true) === 'draft';
  const read = readDates(data, context, draft ? file.mtimeMs : undefined);
  if ('rejected' in read) return reject(read.rejected);
  const dates = keep(read);
  const title = keep(readTitle(data, context));
  const named = keep(readNames(data, context, 'category', 'categories'));
  const categories = options.layout === 'jekyll' ? withPathCategories(file.path, named) : named;
  const tags = keep(readNames(data, context, 'tag', 'tags'));
  const author = keep(readAuthor(data, context));
  const excerpt = keep(readExcerpt(data));
  const { link, id } = keep(readLinkAndId(data, context, { date: dates.date, categories }));
  const image = keep(readImage(data, context));
  // Posts without any of these are the Post they always were: no `authors`, no `media`.
  const authors = keep(readAuthors(data, context));
  const media = mediaOf(keep(readPicture(data, context, image)), keep(readEnclosures(data, context)), keep(readEpisode(data, context)));
  const notEpisode = episodeProblem({ path: file.path, categories, tags, media }, options);
  if (notEpisode) problems.push(notEpisode);

  const post: Post = {
    path: file.path,
    hash: file.hash,
    title,
    ...dates,
    categories,
    tags,
    author,
    excerpt,
    link,
    id,
    image,
    ...(authors ? { authors } : {}),
    ...(media ? { media } : {}),
  };
  const format = bodyFormat(file.path, options);
  return { kind: 'post', post, body: { bytes: head ? bytes.subarray(head.bodyStart) : Buffer.alloc(0), format }, problems };
}

/** Jekyll: the folders above `_posts` first, then the front matter's names (Document#merge_categories!). */
function withPathCategories(rel: string, named: readonly string[]): readonly string[] {
  const fromPath = categoriesFromPath(rel);
  if (fromPath.length === 0) return named;
  const seen = new Set(fromPath.map(foldName));
  return [...fromPath, ...named.filter((n) => !seen.has(foldName(n)))];
}

/**
 * The body of a post read before: its bytes after the front matter, without parsing the front matter
 * again. Undefined when the file no longer opens with a closed front matter block.
 */
export function postBody(file: Pick<SourceFile, 'path' | 'bytes'>, options: Pick<ReadOptions, 'markdown'>): PostBody | undefined {
  const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const head = frontMatterHead(bytes);
  if (head === undefined || head === 'too-long') return undefined;
  return { bytes: bytes.subarray(head.bodyStart), format: bodyFormat(file.path, options) };
}

function bodyFormat(file: string, options: Pick<ReadOptions, 'markdown'>): BodyFormat {
  return options.markdown.includes(path.posix.extname(file).slice(1).toLowerCase()) ? 'markdown' : 'html';
}
