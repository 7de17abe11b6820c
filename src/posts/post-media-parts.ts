// Putting a post's media parts together (read-post.ts), and which of its enclosures makes it an episode.
import { problem, type Problem } from '../errors.js';
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
