// Putting a post's media parts together (read-post.ts), and which of its enclosures makes it an episode.
import { createHash } from 'node:crypto';
import { problem, type Problem } from '../errors.js';
import type { Post } from './post.js';
import type { Enclosure, Episode, Picture, PostMedia } from './post-media.js';
import type { ReadOptions } from './options.js';
import { foldName } from './taxonomy.js';

/** The parts a post has, or undefined when it has none (so it stays the Post it always was). */
export function mediaOf(picture: Picture | undefined, enclosures: readonly Enclosure[] | undefined, episode: Episode | undefined): PostMedia | undefined {
  if (!picture && !enclosures && !episode) return undefined;
  return { ...(picture ? { picture } : {}), ...(enclosures ? { enclosures } : {}), ...(episode ? { episode } : {}) };
}

/** The enclosure a podcast plays: the first audio or video one (Apple takes one per episode). */
export function episodeEnclosure(media: PostMedia | undefined): Enclosure | undefined {
  return media?.enclosures?.find((e) => e.type !== undefined && /^(audio|video)\//.test(e.type));
}

/** A warning for a post in a podcast (config podcasts) that no podcast app could play. */
export function episodeProblem(
  post: { readonly path: string; readonly categories: readonly string[]; readonly tags: readonly string[]; readonly media: PostMedia | undefined },
  options: Pick<ReadOptions, 'podcasts'>,
): Problem | undefined {
  if (!options.podcasts?.length || episodeEnclosure(post.media)) return undefined;
  const named = (names: readonly string[], key: string): boolean => names.some((n) => foldName(n) === key);
  const show = options.podcasts.find(
    (p) => p.kind === 'site' || (p.kind === 'category' && named(post.categories, p.key)) || (p.kind === 'tag' && named(post.tags, p.key)),
  );
  if (!show) return undefined;
  const where = show.kind === 'site' ? 'the site' : `${show.kind} ${show.key}`;
  return problem('FW_POST_NOT_AN_EPISODE', post.path, `${where} is a podcast; give the post an enclosure: with an audio or video file`, undefined, 'warning');
}

const prints = new WeakMap<Post, string>();

/**
 * What a post's files add to its identity beyond its bytes (`\0` and a hash of its media and image), for
 * the keys that say whether an item or a document can be reused: a file measured again (media-files.ts)
 * changes the item though the post's bytes did not. '' for a post without media, so its keys stay what
 * they always were.
 */
export function mediaPrint(post: Post): string {
  if (!post.media) return '';
  let print = prints.get(post);
  if (print === undefined) {
    print = `\0${createHash('sha256')
      .update(JSON.stringify([post.image ?? null, post.media]))
      .digest('base64url')
      .slice(0, 16)}`;
    prints.set(post, print);
  }
  return print;
}
