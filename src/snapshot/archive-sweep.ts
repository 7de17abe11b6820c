// The order `feedwright build` renders every archive document in: each post is read and prepared once,
// and only the posts of pages not yet rendered are held, so memory does not grow with the pages' count.
//
// Posts are prepared oldest first, a batch at a time, across every scope at once. A scope's page holds
// consecutive posts of the scope, and a scope's posts are in the site's order (scopes.ts sorts both with
// `byNewest`), so once the sweep has passed a page's newest post, every post of the page is prepared and
// the page is rendered at once. A post is let go when the last page that shows it (one per scope that
// archives it) is rendered. What is held is then at most the posts of each scope's page still filling,
// whatever the number of posts or pages. Going scope by scope instead would prepare each post once per
// scope that archives it (docs/reference/feeds.md "History: archive pages" gives the measured figures).
import type { Post } from '../posts/post.js';
import { archivePageCount, archivePagePosts } from '../render/archive.js';
import type { Scope } from '../scopes/scopes.js';
import { pageDocuments, type ArchiveDocument } from './archives.js';
import type { ArchiveIndex } from './snapshot.js';

/** One step of the sweep; each is done before the next is asked for. */
export type SweepStep =
  /** Read and prepare these posts: the pages that follow need them. */
  | { readonly prepare: readonly Post[] }
  /** Render this document: every post it shows was in an earlier `prepare`. */
  | { readonly render: ArchiveDocument }
  /** No page still to come shows these posts: their prepared forms can go. */
  | { readonly release: readonly Post[] };

/** Posts prepared at a time: enough that a batch is worth one read-and-render, few enough to hold. */
export const SWEEP_BATCH = 256;

interface Cursor {
  readonly scope: Scope;
  readonly pages: number;
  /** The next page to render. */
  page: number;
}

/**
 * `wanted`: the documents to render; a page none of whose documents is wanted is passed over, and its
 * posts are not prepared for it (a build that links unchanged pages from its previous tree renders the rest).
 */
export function* archiveSweep(index: ArchiveIndex, batchSize = SWEEP_BATCH, wanted: (document: ArchiveDocument) => boolean = () => true): Generator<SweepStep> {
  const scopes = [...index.scopes.values()];
  const site = scopes.find((scope) => scope.kind === 'site');
  if (!site) return;
  // Every published post, oldest first; each scope's posts are among them (scopes.ts).
  const oldestFirst = [...site.posts].reverse();
  const position = new Map<Post, number>(oldestFirst.map((post, i) => [post, i]));
  const at = (post: Post): number => {
    const i = position.get(post);
    if (i === undefined) throw new Error(`archive sweep: ${post.path} is in a scope but not in the site's posts`);
    return i;
  };
  // How many scopes archive each post (by position): the post is released when that many of its pages are rendered.
  const uses = new Uint32Array(oldestFirst.length);
  const count = (i: number, by: number): number => (uses[i] = (uses[i] ?? 0) + by);
  const documents = (scope: Scope, page: number): ArchiveDocument[] => pageDocuments(index, scope, page).filter(wanted);
  const cursors: Cursor[] = [];
  for (const scope of scopes) {
    const pages = archivePageCount(scope.posts.length, index.paging);
    if (pages === 0) continue;
    for (let page = 1; page <= pages; page++) {
      if (documents(scope, page).length === 0) continue;
      for (const post of archivePagePosts(scope.posts, page, index.paging)) count(at(post), 1);
    }
    cursors.push({ scope, pages, page: 1 });
  }
  // Cursors waiting for the sweep to reach the newest post of their next page, by that post's position.
  const waiting = new Map<number, Cursor[]>();
  let swept = -1;

  function* advance(cursor: Cursor): Generator<SweepStep> {
    for (; cursor.page <= cursor.pages; cursor.page++) {
      const wantedHere = documents(cursor.scope, cursor.page);
      if (wantedHere.length === 0) continue;
      const posts = archivePagePosts(cursor.scope.posts, cursor.page, index.paging);
      // Newest first: posts[0] is the last the sweep meets. An empty page (the newest, just started) needs none.
      const newest = posts.length > 0 ? at(posts[0] as Post) : -1;
      if (newest > swept) {
        const list = waiting.get(newest);
        if (list) list.push(cursor);
        else waiting.set(newest, [cursor]);
        return;
      }
      for (const document of wantedHere) yield { render: document };
      const done = posts.filter((post) => count(at(post), -1) === 0);
      if (done.length > 0) yield { release: done };
    }
  }

  for (const cursor of cursors) yield* advance(cursor);
  for (let next = 0; next < oldestFirst.length && waiting.size > 0; ) {
    const batch: Post[] = [];
    for (; next < oldestFirst.length && batch.length < batchSize; next++) if ((uses[next] as number) > 0) batch.push(oldestFirst[next] as Post);
    const from = swept + 1;
    swept = next - 1;
    if (batch.length > 0) yield { prepare: batch };
    for (let i = from; i <= swept; i++) {
      const ready = waiting.get(i);
      if (!ready) continue;
      waiting.delete(i);
      for (const cursor of ready) yield* advance(cursor);
    }
  }
}
