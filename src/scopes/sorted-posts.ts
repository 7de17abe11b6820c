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

/** `list` without `removals` (each taken once) and with `additions`, sorted by `order`: one pass. */
export function merged(list: readonly Post[], removals: readonly Post[], additions: readonly Post[], order: (a: Post, b: Post) => number): Post[] {
  const gone = new Map<Post, number>();
  for (const post of removals) gone.set(post, (gone.get(post) ?? 0) + 1);
  const adds = [...additions].sort(order);
  const out: Post[] = [];
  let j = 0;
  for (const post of list) {
    const n = gone.get(post);
    if (n !== undefined) {
      if (n === 1) gone.delete(post);
      else gone.set(post, n - 1);
      continue;
    }
    while (j < adds.length && order(adds[j] as Post, post) < 0) out.push(adds[j++] as Post);
    out.push(post);
  }
  while (j < adds.length) out.push(adds[j++] as Post);
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
