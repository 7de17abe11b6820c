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

/** Reads the bodies of `posts` back and prepares them (their Liquid seeing `site`); the main thread and helpers both run it. */
export function readContents(options: ScanOptions, config: Config, posts: readonly Post[], site?: ContentSite): ContentAnswer[] {
  const bodies = readBodies(options, posts);
  const found = bodies.flatMap((answer, i) => ('missing' in answer ? [] : [{ post: posts[i] as Post, body: answer.body }]));
  let prepared: (PreparedPost | string)[];
  try {
    prepared = preparePosts(found, config, site);
  } catch {
    // One post threw: prepare each alone, so only that one is left out (with why) and the rest go on.
    prepared = found.map((one) => {
      try {
        return preparePosts([one], config, site)[0] as PreparedPost;
      } catch (err) {
        return errorText(err);
      }
    });
  }
  let next = 0;
  return bodies.map((answer) => {
    if ('missing' in answer) return answer;
    const done = prepared[next++] as PreparedPost | string;
    if (typeof done === 'string') return { path: answer.path, hash: answer.hash, missing: true, failed: done };
    return { path: answer.path, hash: answer.hash, stale: answer.stale, ...done };
  });
}
