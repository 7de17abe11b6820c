// Posts that share an id or a link: all are published and reported, and ids are made unique, because a
// feed with two entries of one id is invalid and readers show only one of them.
import { createHash } from 'node:crypto';
import { problem, type Problem } from '../errors.js';
import type { Post } from './post.js';
import { compareText } from '../order.js';

export interface UniquePosts {
  /** The same posts, in the same order; a later duplicate has a new, stable id. */
  readonly posts: readonly Post[];
  readonly problems: readonly Problem[];
}

/**
 * Among posts with the same id, the earliest (by date, then path) keeps it: a copy made later from an old
 * post is the one that changes, so readers do not see the old post again as new. Each other one gets
 * `<id>#fw-<8 hex digits of a hash of its path>`: stable while the file keeps its name, whatever else
 * changes, and still a valid URI. Every post is considered, future ones too, so an id never changes when
 * a post's date comes.
 */
export function uniquePosts(posts: readonly Post[]): UniquePosts {
  const problems: Problem[] = [];
  const newIds = new Map<Post, string>();
  const idGroups = groupsOf(posts, (p) => p.id);
  // Every id in use, to keep a fresh one from taking it; only needed when some id is shared.
  const taken = new Set(idGroups.length > 0 ? posts.map((p) => p.id) : []);

  for (const group of groupsOf(posts, (p) => p.link)) {
    for (const post of group) {
      const others = group.filter((p) => p !== post).map((p) => p.path);
      problems.push(problem('FW_POST_DUPLICATE_LINK', post.path, `${post.link}, also the link of ${others.join(', ')}`, undefined, 'warning'));
    }
  }

  for (const group of idGroups) {
    const [keeper, ...rest] = [...group].sort((a, b) => a.date - b.date || compareText(a.path, b.path));
    for (const post of rest) {
      const id = freshId(post, taken);
      taken.add(id);
      newIds.set(post, id);
    }
    // Ids that are the (shared) link itself were reported with the link; say only what changed.
    const fromLink = group.every((p) => p.id === p.link);
    for (const post of group) {
      const others = group.filter((p) => p !== post).map((p) => p.path);
      const outcome = post === keeper ? 'this post keeps it' : `this post is published with id ${newIds.get(post)}`;
      const detail = `${post.id}, also the id of ${others.join(', ')}; ${outcome}`;
      if (!fromLink || post !== keeper) problems.push(problem('FW_POST_DUPLICATE_ID', post.path, detail, undefined, 'warning'));
    }
  }

  return {
    posts:
      newIds.size === 0
        ? posts
        : posts.map((p) => {
            const id = newIds.get(p);
            return id === undefined ? p : { ...p, id };
          }),
    problems,
  };
}

/**
 * The posts that share a key, in groups of two or more (in the order each key is first met), each
 * sorted by path. Every post is looked at, but only shared keys get a group: a rescan of 100,000 posts
 * with no duplicates builds one map, not 100,000 arrays.
 */
function groupsOf(posts: readonly Post[], keyOf: (p: Post) => string): Post[][] {
  const first = new Map<string, number>();
  const shared = new Map<number, Post[]>();
  posts.forEach((post, i) => {
    const key = keyOf(post);
    const at = first.get(key);
    if (at === undefined) first.set(key, i);
    else {
      const group = shared.get(at);
      if (group) group.push(post);
      else shared.set(at, [posts[at] as Post, post]);
    }
  });
  return [...shared.entries()].sort(([a], [b]) => a - b).map(([, group]) => group.sort((a, b) => compareText(a.path, b.path)));
}

function freshId(post: Post, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const tag = `fw-${createHash('sha256')
      .update(n === 0 ? post.path : `${post.path}\n${n}`)
      .digest('hex')
      .slice(0, 8)}`;
    // A URI has at most one fragment; when the id has one already, the tag extends it.
    const id = post.id.includes('#') ? `${post.id}-${tag}` : `${post.id}#${tag}`;
    if (!taken.has(id)) return id;
  }
}
