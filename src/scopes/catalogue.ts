// The posts the files amount to, kept up to date change by change: which are published and in which
// scopes (newest first), which fall due later, the ids made unique, and each file's problems. A rescan
// used to make all of it again from every file (the catalog, then buildScopes); here an edit moves one
// post in its scopes, and costs the same at a million posts as at ten. `tests/scopes/catalogue.test.ts`
// checks it against buildScopes and uniquePosts over random changes.
import { problem, type Problem } from '../errors.js';
import { linkProblems, sharedId } from '../posts/duplicates.js';
import type { Post } from '../posts/post.js';
import type { FileResult } from '../posts/scanned-file.js';
import { foldName } from '../posts/taxonomy.js';
import { compareText } from '../order.js';
import { runToEnd } from '../slices.js';
import type { Author } from '../config/schema.js';
import { assignSlugs } from './slug.js';
import { byNewest, type Scope, type ScopeKind } from './scopes.js';
import { countUpTo, indexOf, insertionPoint, lastAfter, mergedSteps, sortedSteps } from './sorted-posts.js';
import { add, claims, paths, remove } from './path-claims.js';

/** What a batch of changes names: new or changed files' results, and paths gone. */
export interface CatalogueChanges {
  /** A map, or anything that lists its keys and entries as one does (a warm cache's records, each read as its result). */
  readonly changed: { keys(): Iterable<string>; [Symbol.iterator](): Iterator<readonly [string, FileResult]> };
  readonly removed: readonly string[];
}

/** Posts left out of this rescan: their body could not be read back (undefined), or rendering it threw (why). */
export type Unreadable = ReadonlyMap<string, string | undefined>;

/** A published post as the drop guard knows it. */
export interface PostKey {
  readonly path: string;
  readonly hash: string;
}

/** What the drop guard weighs (rescan/drop-guard.ts): the published posts now against those at the last mark. */
export interface DropSummary {
  /** Posts published at the last mark (undefined before the first). */
  readonly before: number | undefined;
  /** Published at the mark, not now (by path). */
  readonly gone: readonly PostKey[];
  readonly after: number;
  /** The hashes of the posts published now (made only when asked: O(posts)). */
  readonly afterHashes: () => ReadonlySet<string>;
  /** The paths published now, sorted (made only when asked). */
  readonly afterPaths: () => string[];
}

type GroupKind = Exclude<ScopeKind, 'site'>;

/** A category, tag or author: its published posts newest first, and how often each spelling names it. */
interface Group {
  readonly kind: GroupKind;
  readonly key: string;
  posts: Post[];
  /** Posts naming it, per spelling (authors: unused). */
  readonly spellings: Map<string, number>;
  /** The Scope last given out for it, until it changes. */
  scope: Scope | undefined;
}

/** Edits to one sorted list, applied together. */
interface ListEdits {
  readonly removals: Post[];
  readonly additions: Post[];
}

// Below this many edits to one list, each is a binary search and a splice into a copy; above, one merge.
const SPLICE_LIMIT = 32;
const KINDS: readonly GroupKind[] = ['category', 'tag', 'author'];
/** Posts taken in between two yields of `updating` (a few milliseconds of work). */
const STEP = 256;

export class Catalogue {
  readonly #spliceLimit: number;
  /** Every readable post file's post, as read (its own id), future ones too. */
  readonly #posts = new Map<string, Post>();
  /** The published form of posts whose id is taken by an earlier post: the same post with a new id. */
  readonly #renamed = new Map<string, Post>();
  /** Files with problems of their own (most have none). */
  readonly #fileProblems = new Map<string, readonly Problem[]>();
  readonly #excluded = new Set<string>();
  /** This rescan's posts whose body could not be read back, with their problem: left out. */
  #unreadable = new Map<string, Problem>();
  /** The unreadable paths as last named, with why (null: not read back). */
  #failed = new Map<string, string | null>();
  /** Post paths by id, and by link for posts whose link is not their id: where duplicates are found. */
  readonly #byId = new Map<string, string | string[]>();
  readonly #byLink = new Map<string, string | string[]>();
  /** Warnings of posts that share a link or an id, by path: [link, id]. */
  readonly #duplicates = new Map<string, [Problem | undefined, Problem | undefined]>();

  /** Published posts, newest first: the site's scope. */
  #site: Post[] = [];
  #siteScope: Scope | undefined;
  readonly #groups: Record<GroupKind, Map<string, Group>> = { category: new Map(), tag: new Map(), author: new Map() };
  readonly #slugs: Record<GroupKind, Map<string, string> | undefined> = { category: undefined, tag: undefined, author: undefined };
  /** Posts not published yet (dated after `#publishedAt`), oldest first. */
  #future: Post[] = [];
  /** The time posts are published up to; -Infinity before the first `publish`. */
  #publishedAt = Number.NEGATIVE_INFINITY;
  /** Lists that may be changed in place: copied since they were last given out. */
  #owned = new Set<Post[]>();
  /** Pending edits to the lists, by list owner (site: undefined key), applied by `#flush`. */
  #edits = new Map<Group | 'site' | 'future', ListEdits>();

  /** For the drop guard: published posts at the last mark, and what changed in that since. */
  #marked: number | undefined;
  /** Paths whose publication changed since the mark: the hash published then, or null if it was not. */
  readonly #sinceMark = new Map<string, string | null>();
  /**
   * The posts published when `clear` forgot them, not yet noted in #sinceMark: the next update notes
   * them in slices (a million were ~350 ms in one piece, on the path of a failed or stopped rescan).
   */
  #unnoted: { readonly posts: readonly Post[]; at: number } | undefined;

  /** `spliceLimit`: tests set 0 to take the merge for every edit. */
  constructor(options: { readonly spliceLimit?: number } = {}) {
    this.#spliceLimit = options.spliceLimit ?? SPLICE_LIMIT;
  }

  /** Files that are drafts or unpublished. */
  get excluded(): number {
    return this.#excluded.size;
  }

  /** Every readable post, future ones too (ids as read). */
  get size(): number {
    return this.#posts.size;
  }

  /**
   * Takes a scan's changes in. `unreadable`: this rescan's posts whose body could not be read back, left
   * out until a rescan reads them (each rescan names its own; posts no longer named come back).
   */
  update(changes: CatalogueChanges, unreadable: Unreadable = new Map()): void {
    runToEnd(this.updating(changes, unreadable));
  }

  /**
   * `update`, yielding every few hundred posts, so that a rescan takes a million changes in between
   * requests (slices.ts runSliced). Until it ends the catalogue is half-changed: a caller that gives up
   * part-way must `clear` it (the rescanner does on any failure or stop).
   */
  *updating(changes: CatalogueChanges, unreadable: Unreadable = new Map()): Generator<void, void> {
    yield* this.#notingForgotten();
    if (this.#posts.size === 0 && this.#failed.size === 0 && unreadable.size === 0) {
      yield* this.#first(changes);
      return;
    }
    const touched = new Set<string>();
    for (const path of changes.changed.keys()) touched.add(path);
    for (const path of changes.removed) touched.add(path);
    for (const path of this.#failed.keys()) if (!unreadable.has(path)) touched.add(path);
    for (const [path, failed] of unreadable) if (this.#failed.get(path) !== (failed ?? null)) touched.add(path);
    if (touched.size === 0) return;
    yield;

    const keys = { ids: new Set<string>(), links: new Set<string>() };
    // Each path's published form before: a post whose form changes leaves its scopes, its new form joins.
    const before = new Map<string, Post | undefined>();
    let n = 0;
    for (const path of touched) {
      before.set(path, this.#published(path));
      const old = this.#readable(path);
      if (old) this.#unindex(old, keys);
      this.#renamed.delete(path);
      this.#duplicates.delete(path);
      if (++n % STEP === 0) yield;
    }
    for (const path of changes.removed) this.#forget(path);
    for (const [path, result] of changes.changed) {
      this.#learn(path, result);
      if (++n % STEP === 0) yield;
    }
    this.#unreadable = new Map();
    this.#failed = new Map();
    for (const [path, failed] of unreadable) {
      this.#failed.set(path, failed ?? null);
      if (!this.#posts.has(path)) continue;
      const left =
        failed === undefined
          ? problem('FW_POST_UNREADABLE', path, 'its body could not be read back; left out this time')
          : problem('FW_POST_FAILED', path, `rendering: ${failed}`);
      this.#unreadable.set(path, left);
    }
    for (const path of touched) {
      const post = this.#readable(path);
      if (post) this.#index(post, keys);
      if (++n % STEP === 0) yield;
    }
    // The other posts of every duplicate group touched may get or lose a new id too.
    yield* this.#regroup(keys, before);
    for (const [path, old] of before) {
      const next = this.#published(path);
      if (old !== next) this.#move(old, next);
      if (++n % STEP === 0) yield;
    }
    yield* this.#flushing();
  }

  /**
   * `updating` when no post is known yet (a cold start, a warm start's restore): no post has an earlier
   * form to take out of its scopes, and only ids and links that two posts claim need the duplicate rules.
   * The same outcome without the sets and maps of every path a later update makes (at a million posts,
   * hundreds of megabytes that the general way held at once).
   */
  *#first(changes: CatalogueChanges): Generator<void, void> {
    let n = 0;
    for (const path of changes.removed) this.#forget(path);
    for (const [path, result] of changes.changed) {
      this.#learn(path, result);
      if (++n % STEP === 0) yield;
    }
    this.#unreadable = new Map();
    for (const post of this.#posts.values()) {
      this.#index(post);
      if (++n % STEP === 0) yield;
    }
    // The keys claimed twice or more: only their groups can hold a duplicate.
    const keys = { ids: new Set<string>(), links: new Set<string>() };
    for (const [id, paths] of this.#byId) if (claims(paths) > 1) keys.ids.add(id);
    for (const post of this.#posts.values()) {
      if (claims(this.#byId.get(post.link)) + claims(this.#byLink.get(post.link)) > 1) keys.links.add(post.link);
      if (++n % STEP === 0) yield;
    }
    // (#regroup notes in `before` the published form of each post it looks at; none was published before
    // this update, so every readable post is placed below.)
    const before = new Map<string, Post | undefined>();
    yield* this.#regroup(keys, before);
    const published: Post[] = [];
    const future: Post[] = [];
    for (const path of this.#posts.keys()) {
      const next = this.#published(path);
      if (next) (next.date <= this.#publishedAt ? published : future).push(next);
      if (++n % STEP === 0) yield;
    }
    // One sort, of the site: each category's, tag's and author's list is the site's order filtered, so it
    // is made in one pass over the sorted site (sorting each list again was most of a million-post start,
    // and its runs and merges a few hundred megabytes of garbage).
    this.#site = yield* sortedSteps(published, byNewest);
    this.#siteScope = undefined;
    this.#owned.add(this.#site);
    for (const post of this.#site) {
      this.#noteChange(post.path, true, post.hash);
      this.#eachGroup(post, (group) => group.posts.push(post), 1);
      if (++n % STEP === 0) yield;
    }
    for (const kind of KINDS) for (const group of this.#groups[kind].values()) this.#owned.add(group.posts);
    this.#future = yield* sortedSteps(future, byOldest);
    this.#owned.add(this.#future);
  }

  /**
   * Publishes every post dated up to `now` (posts dated later wait in the future list). Called before
   * `scopes` with the rescan's time; an earlier time than the last takes posts back out.
   */
  publish(now: number): void {
    if (now === this.#publishedAt) return;
    if (now < this.#publishedAt) {
      // The clock went back (a test's, or a corrected one): those posts are future again.
      const cut = this.#site.findIndex((p) => p.date <= now);
      const back = cut === -1 ? this.#site : this.#site.slice(0, cut);
      this.#publishedAt = now;
      for (const post of back) {
        this.#unpublish(post);
        this.#edit('future').additions.push(post);
      }
    } else {
      this.#publishedAt = now;
      let due = 0;
      while (due < this.#future.length && (this.#future[due] as Post).date <= now) due++;
      const fallen = this.#future.slice(0, due);
      for (const post of fallen) {
        this.#edit('future').removals.push(post);
        this.#publishPost(post);
      }
    }
    this.#flush();
  }

  /**
   * The scopes of the published posts (see `publish`): the site first, then categories, tags and
   * authors, each kind by slug: what buildScopes makes of the same posts. A scope that did not change
   * since the last call is the same object.
   */
  scopes(): Scope[] {
    this.#owned = new Set();
    this.#siteScope ??= { kind: 'site', key: '', name: '', slug: '', posts: this.#site };
    const out: Scope[] = [this.#siteScope];
    for (const kind of KINDS) {
      const groups = this.#groups[kind];
      let slugs = this.#slugs[kind];
      if (!slugs) {
        slugs = assignSlugs(groups.keys());
        this.#slugs[kind] = slugs;
        for (const group of groups.values()) group.scope = undefined;
      }
      const scopes: Scope[] = [];
      for (const group of groups.values()) {
        group.scope ??= scopeOf(group, slugs.get(group.key) ?? group.key);
        scopes.push(group.scope);
      }
      out.push(...scopes.sort((a, b) => compareText(a.slug, b.slug)));
    }
    return out;
  }

  /** Every file's problems, and those of duplicates and posts left out, in no set order (the caller sorts by path). */
  problems(): Problem[] {
    const out: Problem[] = [];
    for (const [path, problems] of this.#fileProblems) {
      out.push(...problems);
      const left = this.#unreadable.get(path);
      if (left) out.push(left);
    }
    for (const [path, left] of this.#unreadable) if (!this.#fileProblems.has(path)) out.push(left);
    for (const [link, id] of this.#duplicates.values()) {
      if (link) out.push(link);
      if (id) out.push(id);
    }
    return out;
  }

  /** Posts dated after `at` (not yet published at `at`). */
  scheduledAfter(at: number): number {
    let n = this.#future.length;
    if (at < this.#publishedAt) n += lastAfter(this.#site, at) + 1;
    else n -= countUpTo(this.#future, at);
    return n;
  }

  /** The earliest post date after `at`: when a rescan must publish though no file changed. */
  nextDue(at: number): number | undefined {
    if (at < this.#publishedAt) {
      const i = lastAfter(this.#site, at);
      if (i >= 0) return (this.#site[i] as Post).date;
    }
    for (const post of this.#future) if (post.date > at) return post.date;
    return undefined;
  }

  /** What the drop guard weighs: the posts published now against those at the last `mark`. */
  dropSummary(): DropSummary {
    return runToEnd(this.summarizing());
  }

  /**
   * `dropSummary`, yielding every few hundred paths: after a clear every post is a change since the mark
   * (a million lookups were ~150 ms in one piece). Nothing may change the catalogue until it ends.
   */
  *summarizing(): Generator<void, DropSummary> {
    yield* this.#notingForgotten();
    const gone: PostKey[] = [];
    let n = 0;
    for (const [path, hash] of this.#sinceMark) {
      if (hash !== null && !this.#isPublished(path)) gone.push({ path, hash });
      if (++n % STEP === 0) yield;
    }
    const site = this.#site;
    return {
      before: this.#marked,
      gone,
      after: site.length,
      afterHashes: () => new Set(site.map((p) => p.hash)),
      afterPaths: () => site.map((p) => p.path).sort(),
    };
  }

  /** The posts published now are what the drop guard compares the next rescans with (a snapshot was built of them). */
  mark(): void {
    this.#marked = this.#site.length;
    this.#sinceMark.clear();
    this.#unnoted = undefined;
  }

  /** Forgets everything: the next update is the first. */
  clear(): void {
    this.#posts.clear();
    this.#renamed.clear();
    this.#fileProblems.clear();
    this.#excluded.clear();
    this.#unreadable = new Map();
    this.#failed = new Map();
    this.#byId.clear();
    this.#byLink.clear();
    this.#duplicates.clear();
    // The list is never changed again (it is no longer the site's), so it is noted later, not copied.
    // Before the first mark there is nothing to note, as for any change (see #noteChange). Posts an
    // earlier clear left to note stay so: the site has been empty since (an update notes them before it
    // takes anything in), so this one has none to add.
    if (this.#marked !== undefined && this.#site.length > 0) this.#unnoted = { posts: this.#site, at: 0 };
    this.#site = [];
    this.#siteScope = undefined;
    for (const kind of KINDS) {
      this.#groups[kind].clear();
      this.#slugs[kind] = undefined;
    }
    this.#future = [];
    this.#owned = new Set();
    this.#edits.clear();
  }

  // --- the files ---

  /** A post as it is published: renamed if its id is taken; undefined if not a readable post. */
  #published(path: string): Post | undefined {
    return this.#readable(path) ? (this.#renamed.get(path) ?? this.#posts.get(path)) : undefined;
  }

  /** The post at `path` if it takes part (read, and not left out this rescan). */
  #readable(path: string): Post | undefined {
    return this.#unreadable.has(path) ? undefined : this.#posts.get(path);
  }

  #isPublished(path: string): boolean {
    const post = this.#published(path);
    return post !== undefined && post.date <= this.#publishedAt;
  }

  #forget(path: string): void {
    this.#posts.delete(path);
    this.#fileProblems.delete(path);
    this.#excluded.delete(path);
  }

  #learn(path: string, result: FileResult): void {
    this.#forget(path);
    if (result.problems.length > 0) this.#fileProblems.set(path, result.problems);
    if (result.kind === 'excluded') this.#excluded.add(path);
    if (result.kind === 'post') this.#posts.set(path, result.post);
  }

  /** Indexes the post by id and link; `keys` (when given) notes them for #regroup. */
  #index(post: Post, keys?: { ids: Set<string>; links: Set<string> }): void {
    add(this.#byId, post.id, post.path);
    keys?.ids.add(post.id);
    if (post.link !== post.id) add(this.#byLink, post.link, post.path);
    keys?.links.add(post.link);
  }

  #unindex(post: Post, keys: { ids: Set<string>; links: Set<string> }): void {
    remove(this.#byId, post.id, post.path);
    keys.ids.add(post.id);
    if (post.link !== post.id) remove(this.#byLink, post.link, post.path);
    keys.links.add(post.link);
  }

  /**
   * Applies the duplicate rules (posts/duplicates.ts) to every group of the ids and links named: new
   * warnings and new ids. A post whose id may change has its published form noted in `before` first.
   */
  *#regroup(keys: { ids: Set<string>; links: Set<string> }, before: Map<string, Post | undefined>): Generator<void, void> {
    let n = 0;
    for (const link of keys.links) {
      if (++n % STEP === 0) yield;
      const members = this.#linkGroup(link);
      for (const path of members) this.#setDuplicate(path, 0, undefined);
      if (members.length < 2) continue;
      const group = members.map((path) => this.#posts.get(path) as Post);
      for (const [i, p] of linkProblems(group).entries()) this.#setDuplicate(members[i] as string, 0, p);
    }
    for (const id of keys.ids) {
      if (++n % STEP === 0) yield;
      const members = [...paths(this.#byId.get(id))].sort(compareText);
      for (const path of members) {
        if (!before.has(path)) before.set(path, this.#published(path));
        this.#renamed.delete(path);
        this.#setDuplicate(path, 1, undefined);
      }
      if (members.length < 2) continue;
      const group = members.map((path) => this.#posts.get(path) as Post);
      const outcome = sharedId(group, (other) => this.#byId.has(other) || this.#takenFresh(other));
      for (const [post, newId] of outcome.ids) this.#renamed.set(post.path, { ...post, id: newId });
      for (const p of outcome.problems) this.#setDuplicate(p.path, 1, p);
    }
  }

  #takenFresh(id: string): boolean {
    for (const post of this.#renamed.values()) if (post.id === id) return true;
    return false;
  }

  /** The readable posts with this link, sorted by path. */
  #linkGroup(link: string): string[] {
    const byId = [...paths(this.#byId.get(link))].filter((path) => this.#posts.get(path)?.link === link);
    return [...byId, ...paths(this.#byLink.get(link))].sort(compareText);
  }

  #setDuplicate(path: string, which: 0 | 1, p: Problem | undefined): void {
    const pair = this.#duplicates.get(path) ?? [undefined, undefined];
    pair[which] = p;
    if (pair[0] || pair[1]) this.#duplicates.set(path, pair);
    else this.#duplicates.delete(path);
  }

  // --- the scopes ---

  /** A path's published form goes from `old` to `next` (either may be undefined). */
  #move(old: Post | undefined, next: Post | undefined): void {
    if (old) {
      if (old.date <= this.#publishedAt) this.#unpublish(old);
      else this.#edit('future').removals.push(old);
    }
    if (next) {
      if (next.date <= this.#publishedAt) this.#publishPost(next);
      else this.#edit('future').additions.push(next);
    }
  }

  #publishPost(post: Post): void {
    this.#edit('site').additions.push(post);
    this.#noteChange(post.path, true, post.hash);
    this.#eachGroup(post, (group) => this.#edit(group).additions.push(post), 1);
  }

  #unpublish(post: Post): void {
    this.#edit('site').removals.push(post);
    this.#noteChange(post.path, false, post.hash);
    this.#eachGroup(post, (group) => this.#edit(group).removals.push(post), -1);
  }

  /** For the drop guard: the first change of a path's publication since the mark records how it was then. */
  #noteChange(path: string, publishing: boolean, hash: string): void {
    // Before the first mark the guard has nothing to weigh against (and a cold start publishes a million).
    if (this.#marked === undefined || this.#sinceMark.has(path)) return;
    // Publishing now: it was not published at the mark (or its old form left first, recorded then).
    this.#sinceMark.set(path, publishing ? null : hash);
  }

  #noteUnpublished(path: string, hash: string): void {
    if (!this.#sinceMark.has(path)) this.#sinceMark.set(path, hash);
  }

  /** Notes the posts `clear` forgot as unpublished since the mark, yielding every few hundred. */
  *#notingForgotten(): Generator<void, void> {
    const unnoted = this.#unnoted;
    if (!unnoted) return;
    while (unnoted.at < unnoted.posts.length) {
      const post = unnoted.posts[unnoted.at++] as Post;
      this.#noteUnpublished(post.path, post.hash);
      if (unnoted.at % STEP === 0) yield;
    }
    this.#unnoted = undefined;
  }

  /** Calls `each` once per name of the post (as buildScopes puts a post in a scope once per name), counting spellings. */
  #eachGroup(post: Post, each: (group: Group) => void, count: 1 | -1): void {
    const named = (kind: 'category' | 'tag', names: readonly string[]): void => {
      for (const name of names) {
        const group = this.#group(kind, foldName(name));
        group.spellings.set(name, (group.spellings.get(name) ?? 0) + count);
        if (group.spellings.get(name) === 0) group.spellings.delete(name);
        each(group);
      }
    };
    named('category', post.categories);
    named('tag', post.tags);
    for (const author of post.authors ?? []) each(this.#group('author', author.key));
  }

  #group(kind: GroupKind, key: string): Group {
    const groups = this.#groups[kind];
    let group = groups.get(key);
    if (!group) {
      group = { kind, key, posts: [], spellings: new Map(), scope: undefined };
      groups.set(key, group);
      // A new name may change other names' slugs (slug.ts): made again for the kind.
      this.#slugs[kind] = undefined;
    }
    return group;
  }

  #edit(list: Group | 'site' | 'future'): ListEdits {
    const had = this.#edits.get(list);
    if (had) return had;
    const edits: ListEdits = { removals: [], additions: [] };
    this.#edits.set(list, edits);
    return edits;
  }

  /** Applies the pending edits, each list once; a group left empty is gone (and its kind's slugs made again). */
  #flush(): void {
    runToEnd(this.#flushing());
  }

  /** `#flush`, yielding between lists (a cold start merges a million posts into the site's list alone). */
  *#flushing(): Generator<void, void> {
    for (const [list, edits] of this.#edits) {
      if (list === 'future') {
        this.#future = yield* this.#applied(this.#future, edits, byOldest);
      } else if (list === 'site') {
        this.#site = yield* this.#applied(this.#site, edits, byNewest);
        this.#siteScope = undefined;
      } else {
        list.posts = yield* this.#applied(list.posts, edits, byNewest);
        list.scope = undefined;
        if (list.posts.length === 0) {
          this.#groups[list.kind].delete(list.key);
          this.#slugs[list.kind] = undefined;
        }
      }
      yield;
    }
    this.#edits.clear();
  }

  /** `list` (sorted by `order`) with the edits made: in a copy, unless this one was copied since it was given out. */
  *#applied(list: Post[], { removals, additions }: ListEdits, order: (a: Post, b: Post) => number): Generator<void, Post[]> {
    if (removals.length + additions.length > this.#spliceLimit) {
      const out = yield* mergedSteps(list, removals, additions, order);
      this.#owned.add(out);
      return out;
    }
    let out = list;
    if (!this.#owned.has(out)) {
      out = list.slice();
      this.#owned.add(out);
    }
    for (const post of removals) {
      const at = indexOf(out, post, order);
      if (at >= 0) out.splice(at, 1);
    }
    for (const post of additions) out.splice(insertionPoint(out, post, order), 0, post);
    return out;
  }
}

/** Future posts: oldest first, ties by path. */
function byOldest(a: Post, b: Post): number {
  return a.date - b.date || compareText(a.path, b.path);
}

function scopeOf(group: Group, slug: string): Scope {
  const { kind, key, posts } = group;
  if (kind === 'author') {
    // Who the scope is of: the details the newest post naming them gives (scopes/authors.ts).
    const named = posts[0]?.authors?.find((a) => a.key === key);
    const { key: _key, known: _known, ...person } = named ?? { key, known: false, name: key };
    return { kind, key, name: person.name, slug, posts, person: person as Author };
  }
  return { kind, key, name: mostUsed(group.spellings), slug, posts };
}

/** The most used spelling; a tie goes to the one that sorts first (as buildScopes). */
function mostUsed(spellings: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [name, count] of spellings) {
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}
