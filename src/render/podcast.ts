// A scope as a podcast (config podcasts): the tags its RSS feed carries for podcast apps. The show's, as
// Apple's podcast RSS requirements ask (itunes:image, itunes:category, itunes:explicit, language, and
// itunes:owner for the W3C validator) and as the Podcast Index namespace 1.0 defines them
// (podcast:guid, podcast:locked); each episode's (itunes:duration, itunes:episode, itunes:season,
// itunes:episodeType, itunes:explicit, podcast:transcript, podcast:chapters). An episode's guid is its
// post's id (front matter `id`, else its link): stable, as podcast apps need it.
import { createHash } from 'node:crypto';
import { appleCategory, type PodcastConfig } from '../config/media.js';
import type { Config } from '../config/schema.js';
import { foldName } from '../posts/taxonomy.js';
import { oneLine } from '../posts/text.js';
import type { Scope } from '../scopes/scopes.js';
import type { XmlElement } from './item-extras.js';
import type { ItemMedia } from './media-rss.js';

export const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
export const PODCAST_NS = 'https://podcastindex.org/namespace/1.0';

/** The Podcast Index's namespace for podcast:guid's UUIDv5 (namespace spec, "guid"). */
const GUID_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6';

/** What a podcast's RSS channel says of the show. */
export interface PodcastChannel {
  readonly title?: string;
  readonly description?: string;
  readonly author: string;
  readonly image: string;
  readonly categories: readonly (readonly [string, string | undefined])[];
  readonly explicit: boolean;
  readonly owner: { readonly name?: string; readonly email: string };
  readonly type: 'episodic' | 'serial';
  readonly copyright?: string;
  readonly guid: string;
  readonly locked: boolean;
  readonly block: boolean;
}

/** The podcast a scope is, if the config makes it one. */
export function podcastOf(scope: Pick<Scope, 'kind' | 'key'>, config: Config): PodcastConfig | undefined {
  if (scope.kind === 'author') return undefined;
  return config.podcasts.find((p) => p.scope === scope.kind && (p.scope === 'site' || foldName(p.name ?? '') === scope.key));
}

/** The channel of podcast `p`, whose RSS feed is at `feedUrl`. */
export function podcastChannel(p: PodcastConfig, feedUrl: string, config: Config): PodcastChannel {
  const site = config.site.author;
  const email = p.owner?.email ?? site.email ?? '';
  const ownerName = p.owner?.name ?? (p.owner ? undefined : site.name);
  return {
    ...(p.title ? { title: oneLine(p.title) } : {}),
    ...(p.description ? { description: oneLine(p.description) } : {}),
    author: oneLine(p.author ?? site.name),
    image: new URL(p.image, config.site.url).href,
    categories: p.category.map((c) => appleCategory(c) ?? [c, undefined]),
    explicit: p.explicit,
    owner: { ...(ownerName ? { name: oneLine(ownerName) } : {}), email },
    type: p.type,
    ...(p.copyright ? { copyright: oneLine(p.copyright) } : {}),
    guid: p.guid ?? podcastGuid(feedUrl),
    locked: p.locked,
    block: p.block,
  };
}

/**
 * podcast:guid for a feed without one of its own: the UUIDv5 (RFC 4122 §4.3, SHA-1) of its address with
 * the scheme and trailing slashes removed, in the Podcast Index's namespace, as the namespace spec says.
 */
export function podcastGuid(feedUrl: string): string {
  const name = feedUrl.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '').replace(/\/+$/, '');
  const hash = createHash('sha1')
    .update(Buffer.from(GUID_NAMESPACE.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The show's tags in the channel. */
export function channelElements(c: PodcastChannel): XmlElement[] {
  return [
    { name: 'itunes:author', text: c.author },
    { name: 'itunes:image', attrs: { href: c.image } },
    ...c.categories.map(
      ([top, sub]): XmlElement => ({
        name: 'itunes:category',
        attrs: { text: top },
        ...(sub ? { children: [{ name: 'itunes:category', attrs: { text: sub } }] } : {}),
      }),
    ),
    { name: 'itunes:explicit', text: String(c.explicit) },
    {
      name: 'itunes:owner',
      children: [...(c.owner.name ? [{ name: 'itunes:name', text: c.owner.name }] : []), { name: 'itunes:email', text: c.owner.email }],
    },
    { name: 'itunes:type', text: c.type },
    ...(c.block ? [{ name: 'itunes:block', text: 'Yes' }] : []),
    ...(c.copyright ? [{ name: 'copyright', text: c.copyright }] : []),
    { name: 'podcast:guid', text: c.guid },
    { name: 'podcast:locked', attrs: { owner: c.owner.email }, text: c.locked ? 'yes' : 'no' },
  ];
}

/** An episode's tags in its item (its enclosure is RSS's own `enclosure`, written with the item). */
export function episodeElements(media: ItemMedia | undefined): XmlElement[] {
  const e = media?.episode;
  if (!e) return [];
  const duration = e.enclosure.duration;
  return [
    // Whole seconds: Apple's recommended form.
    ...(duration !== undefined ? [{ name: 'itunes:duration', text: String(Math.round(duration)) }] : []),
    ...(e.type ? [{ name: 'itunes:episodeType', text: e.type }] : []),
    ...(e.season !== undefined ? [{ name: 'itunes:season', text: String(e.season) }] : []),
    ...(e.number !== undefined ? [{ name: 'itunes:episode', text: String(e.number) }] : []),
    ...(e.explicit !== undefined ? [{ name: 'itunes:explicit', text: String(e.explicit) }] : []),
    ...(e.transcripts ?? []).map((t): XmlElement => ({ name: 'podcast:transcript', attrs: { url: t.url, type: t.type, language: t.language, rel: t.rel } })),
    ...(e.chapters ? [{ name: 'podcast:chapters', attrs: { url: e.chapters.url, type: 'application/json+chapters' } }] : []),
  ];
}
