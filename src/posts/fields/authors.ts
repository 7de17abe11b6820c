// Every author a post names (`author` and `authors`: a name, a key of the authors data, a map, or a list
// of them), each resolved as jekyll-feed resolves `post.author` (a key of _data/authors.yml names that
// person), and the same person found however a post names them: by key, by name, or by address. Read
// only with feeds.authors on; the item's own author stays `author.ts`'s (jekyll-feed's first author).
import type { Author } from '../../config/schema.js';
import type { PostAuthor } from '../post-media.js';
import { foldName } from '../taxonomy.js';
import { cutText, LIMITS } from '../limits.js';
import { oneLine } from '../text.js';
import { preview } from '../preview.js';
import { describe, isScalar, warnings, type FieldContext, type FrontMatterData, type Read } from './field.js';

/** Authors one post may name; more are left out (each is a scope with a feed per format). */
export const AUTHORS_PER_POST = 20;

/** The authors data indexed by folded name and by address, made once per options object. */
interface People {
  readonly byKey: ReadonlyMap<string, readonly [key: string, person: Author]>;
  readonly byName: ReadonlyMap<string, string>;
  readonly byEmail: ReadonlyMap<string, string>;
}

const indexes = new WeakMap<object, People>();

function peopleOf(data: Readonly<Record<string, Author>>): People {
  let people = indexes.get(data);
  if (people) return people;
  const byKey = new Map<string, readonly [string, Author]>();
  const byName = new Map<string, string>();
  const byEmail = new Map<string, string>();
  // Keys in their order: when two people share a name, the first named keeps it (a stable choice).
  for (const [key, person] of Object.entries(data)) {
    byKey.set(key, [key, person]);
    if (!byName.has(foldName(person.name))) byName.set(foldName(person.name), key);
    if (person.email && !byEmail.has(person.email.toLowerCase())) byEmail.set(person.email.toLowerCase(), key);
  }
  people = { byKey, byName, byEmail };
  indexes.set(data, people);
  return people;
}

// What a key of the authors data looks like (`liming`, `wang_fang`, `zhao.lei`), as opposed to a name.
const KEY_LIKE = /^[a-z0-9][a-z0-9_.-]*$/;

export function readAuthors(data: FrontMatterData, context: FieldContext): Read<readonly PostAuthor[] | undefined> {
  const { problems, warn } = warnings(context);
  if (!context.options.authorFeeds) return { value: undefined, problems };
  const people = peopleOf(context.options.authors);
  // The value author.ts reads for the item's author is judged there: a bad one is reported once.
  const judged = data.author ?? (Array.isArray(data.authors) ? (data.authors as unknown[])[0] : undefined);
  const found = new Map<string, PostAuthor>();
  let over = 0;
  for (const key of ['author', 'authors'] as const) {
    const raw = data[key];
    if (raw === undefined || raw === null) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const author = resolve(value, people, context.options.siteUrl);
      if (author === 'bad') {
        if (value !== judged)
          warn('FW_POST_BAD_FIELD', `${key}: expected a name, a key of the authors data or {name, email, url}, found ${describe(value)}`, key);
        continue;
      }
      if (author === undefined || found.has(author.key)) continue;
      if (found.size >= AUTHORS_PER_POST) {
        over++;
        continue;
      }
      // An unknown key is most likely a key mistyped: jekyll-feed publishes it as a name, and so do we.
      if (!author.known && people.byKey.size > 0 && isScalar(value) && KEY_LIKE.test(String(value))) {
        warn('FW_POST_UNKNOWN_AUTHOR', `${key}: ${preview(String(value))} is not a key of the authors data`, key);
      }
      found.set(author.key, author);
    }
  }
  if (over > 0) warn('FW_POST_OVER_LIMIT', `authors: more than ${AUTHORS_PER_POST}; ${over} left out`, data.authors !== undefined ? 'authors' : 'author');
  return { value: found.size > 0 ? [...found.values()] : undefined, problems };
}

function resolve(value: unknown, people: People, siteUrl: string): PostAuthor | undefined | 'bad' {
  if (value === undefined || value === null) return undefined;
  if (isScalar(value)) {
    const text = String(value);
    const name = cutText(oneLine(text), LIMITS.nameLength);
    if (!name) return undefined;
    const key = people.byKey.has(text) ? text : people.byName.get(foldName(name));
    return key !== undefined ? known(key, people) : { key: foldName(name), known: false, name };
  }
  if (typeof value !== 'object' || Array.isArray(value)) return 'bad';
  const map = value as Record<string, unknown>;
  // As a category's: an author is a scope, named in titles and (by slug) in a folder name.
  const name = isScalar(map.name) ? cutText(oneLine(String(map.name)), LIMITS.nameLength) : '';
  if (!name) return 'bad';
  const email = typeof map.email === 'string' && /^[^\s@<>()]+@[^\s@<>()]+$/.test(map.email.trim()) ? map.email.trim() : undefined;
  const key = (email ? people.byEmail.get(email.toLowerCase()) : undefined) ?? people.byName.get(foldName(name));
  if (key !== undefined) return known(key, people);
  const url = absolute(
    [map.url, map.uri, map.link].find((v) => typeof v === 'string'),
    siteUrl,
  );
  const avatar = absolute(map.avatar, siteUrl);
  return { key: foldName(name), known: false, name, ...(email ? { email } : {}), ...(url ? { url } : {}), ...(avatar ? { avatar } : {}) };
}

function known(key: string, people: People): PostAuthor {
  const [, person] = people.byKey.get(key) as readonly [string, Author];
  return { ...person, name: oneLine(person.name), key: foldName(key), known: true };
}

function absolute(value: unknown, siteUrl: string): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value.trim(), siteUrl)) return undefined;
  const url = new URL(value.trim(), siteUrl);
  return /^https?:$/.test(url.protocol) ? url.href : undefined;
}
