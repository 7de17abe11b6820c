// The work of preparing posts for the feeds: read each body back, render it once for every format. The
// main thread and the pool's workers both run it (so it imports only the posts and render stages), and
// one post that fails is that post's answer, never the chunk's.
import type { Config } from '../config/schema.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { errorText, readBodies } from '../posts/post-reader.js';
import type { ScanOptions } from '../posts/options.js';
import { preparePosts, type PreparedPost } from '../render/prepared-post.js';

/**
 * A prepared post, or `missing` when its file is gone, or `failed` when preparing it threw (its reason).
 * `stale`: the file changed since the scan.
 */
export type ContentAnswer =
  | ({ readonly path: string; readonly hash: string; readonly stale: boolean } & PreparedPost)
  | { readonly path: string; readonly hash: string; readonly missing: true; readonly failed?: string };

/**
 * Reads the bodies of `posts` back and prepares them (their Liquid seeing `site`); the main thread and
 * helpers both run it. With `until` (a performance.now() time), it may answer for the first posts only,
 * at least one: see preparePosts.
 */
export function readContents(options: ScanOptions, config: Config, posts: readonly Post[], site?: ContentSite, until = Infinity): ContentAnswer[] {
  const bodies = readBodies(options, posts);
  const found = bodies.flatMap((answer, i) => ('missing' in answer ? [] : [{ post: posts[i] as Post, body: answer.body }]));
  let prepared: (PreparedPost | string)[];
  try {
    prepared = preparePosts(found, config, site, until);
  } catch {
    // One post threw: prepare each alone, so only that one is left out (with why) and the rest go on.
    prepared = [];
    for (const one of found) {
      if (prepared.length > 0 && performance.now() > until) break;
      try {
        prepared.push(preparePosts([one], config, site)[0] as PreparedPost);
      } catch (err) {
        prepared.push(errorText(err));
      }
    }
  }
  let next = 0;
  const out: ContentAnswer[] = [];
  for (const answer of bodies) {
    if ('missing' in answer) {
      out.push(answer);
      continue;
    }
    if (next >= prepared.length) break;
    const done = prepared[next++] as PreparedPost | string;
    if (typeof done === 'string') out.push({ path: answer.path, hash: answer.hash, missing: true, failed: done });
    else out.push({ path: answer.path, hash: answer.hash, stale: answer.stale, ...done });
  }
  return out;
}
