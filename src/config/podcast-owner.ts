// A podcast needs an owner's e-mail address (Apple writes to it about the show, and the W3C validator's
// iTunes checks want `itunes:owner`); the site's author's serves when the podcast names no owner.
import type { PodcastConfig } from './media.js';

/** `podcasts.N.owner.email: why` for the first podcast with no address to use; undefined when all have one. */
export function podcastOwnerProblem(podcasts: readonly PodcastConfig[], siteAuthor: { readonly email?: string | undefined }): string | undefined {
  const i = podcasts.findIndex((p) => !p.owner?.email && !siteAuthor.email);
  return i < 0 ? undefined : `podcasts.${i}.owner.email: a podcast needs its owner's e-mail address (podcasts.${i}.owner, or site.author.email)`;
}
