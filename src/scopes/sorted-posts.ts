// Post lists kept sorted as the catalogue edits them: where a post goes, where it is, a batch of
// removals and additions merged in one pass, and the cut at a date. Pure; the catalogue's lists are
// newest first (scopes) or oldest first (future posts), so each takes the list's order.
import type { Post } from '../posts/post.js';

/** The first index at which `post` may go in `list` (sorted by `order`) keeping it sorted. */
export function insertionPoint(list: readonly Post[], post: Post, order: (a: Post, b: Post) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(list[mid] as Post, post) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where this very post is in `list`, or -1. */
export function indexOf(list: readonly Post[], post: Post, order: (a: Post, b: Post) => number): number {
  for (let i = insertionPoint(list, post, order); i < list.length && order(list[i] as Post, post) === 0; i++) if (list[i] === post) return i;
  return -1;
}

/** Posts sorted or merged between two yields of mergedSteps (a few milliseconds of work). */
const RUN = 16_384;

/**
 * `list` without `removals` (each taken once) and with `additions`, sorted by `order`, yielding every RUN
 * posts: the additions are sorted in runs of RUN, the runs merged pairwise,
 * then merged into `list`. A cold start's million posts are one list's additions: sorted at once, they
 * would hold the thread for a second or more.
 */
export function* mergedSteps(
  list: readonly Post[],
  removals: readonly Post[],
  additions: readonly Post[],
  order: (a: Post, b: Post) => number,
): Generator<void, Post[]> {
  const gone = new Map<Post, number>();
  for (const post of removals) gone.set(post, (gone.get(post) ?? 0) + 1);
  const adds = yield* sortedSteps(additions, order);
  const out: Post[] = [];
  let j = 0;
  let n = 0;
  for (const post of list) {
    if (++n % RUN === 0) yield;
    const k = gone.get(post);
    if (k !== undefined) {
      if (k === 1) gone.delete(post);
      else gone.set(post, k - 1);
      continue;
    }
    while (j < adds.length && order(adds[j] as Post, post) < 0) out.push(adds[j++] as Post);
    out.push(post);
  }
  while (j < adds.length) out.push(adds[j++] as Post);
  return out;
}

/** `posts` sorted by `order` in runs of RUN merged pairwise, yielding after each run and merge (a new list). */
export function* sortedSteps(posts: readonly Post[], order: (a: Post, b: Post) => number): Generator<void, Post[]> {
  if (posts.length <= RUN) return [...posts].sort(order);
  let runs: Post[][] = [];
  for (let at = 0; at < posts.length; at += RUN) {
    runs.push(posts.slice(at, at + RUN).sort(order));
    yield;
  }
  while (runs.length > 1) {
    const next: Post[][] = [];
    for (let k = 0; k < runs.length; k += 2) {
      const a = runs[k] as Post[];
      const b = runs[k + 1];
      next.push(b ? yield* mergeTwo(a, b, order) : a);
    }
    runs = next;
  }
  return runs[0] as Post[];
}

/** Two sorted runs as one, the first's post first on a tie (as a stable sort), yielding every RUN posts. */
function* mergeTwo(a: readonly Post[], b: readonly Post[], order: (a: Post, b: Post) => number): Generator<void, Post[]> {
  const out: Post[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    if (k % RUN === RUN - 1) yield;
    out[k] = j >= b.length || (i < a.length && order(a[i] as Post, b[j] as Post) <= 0) ? (a[i++] as Post) : (b[j++] as Post);
  }
  return out;
}

/** The last index of `list` (newest first) dated after `at`, or -1. */
export function lastAfter(list: readonly Post[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Post).date > at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** How many of `list` (oldest first) are dated up to `at`. */
export function countUpTo(list: readonly Post[], at: number): number {
  let n = 0;
  while (n < list.length && (list[n] as Post).date <= at) n++;
  return n;
}
