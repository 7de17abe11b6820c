// Pictures and enclosures in feeds: a post's `image` (or, with media.firstImage, its content's first
// picture) as Media RSS's `media:thumbnail` and `media:content` in RSS and Atom (what jekyll-feed writes
// for `image`, and what Feedly, Inoreader and other readers take a thumbnail from) and JSON Feed's
// `image` / `banner_image`; enclosures as RSS `enclosure`, Atom `link rel="enclosure"`, JSON Feed
// `attachments` and, with Media RSS, `media:content`.
import { decodeHTML } from 'entities';
import type { Config } from '../config/schema.js';
import { episodeEnclosure } from '../posts/post-media-parts.js';
import type { Episode } from '../posts/post-media.js';
import type { Post } from '../posts/post.js';
import type { PreparedContent } from './feed-document.js';
import type { XmlElement } from './item-extras.js';
import { imageType } from './feed-quirks.js';

/** Media RSS 1.5's namespace (with its trailing slash: the W3C validator flags the form without). */
export const MEDIA_NS = 'http://search.yahoo.com/mrss/';

/** What RSS, Atom and JSON Feed write of an item's files. */
export interface ItemMedia {
  /** The picture for Media RSS and JSON Feed (its `image` or, media.firstImage, the content's first). */
  readonly picture?: ItemPicture;
  readonly enclosures: readonly ItemEnclosure[];
  /** Episode details, for a podcast's RSS feed only; `enclosure` is the one it plays. */
  readonly episode?: Episode & { readonly enclosure: ItemEnclosure };
}

export interface ItemPicture {
  readonly url: string;
  readonly alt?: string;
  readonly width?: number;
  readonly height?: number;
  /** Whether Media RSS tags are written (media.mediaRss): without them only JSON Feed's `image` is. */
  readonly tags: boolean;
}

export interface ItemEnclosure {
  readonly url: string;
  readonly type: string;
  readonly length?: number;
  readonly duration?: number;
  readonly title?: string;
}

const UNKNOWN_TYPE = 'application/octet-stream';

/** An item's media, or undefined when the post has none to write (its item is then as it always was). */
export function itemMedia(post: Post, content: PreparedContent, config: Config): ItemMedia | undefined {
  const { mediaRss, firstImage } = config.media;
  const url = post.image ?? (firstImage ? firstImageOf(content.xml) : undefined);
  const details = post.image !== undefined ? post.media?.picture : undefined;
  // The post's own image already is JSON Feed's `image` (as it always was): only Media RSS, or the
  // content's first picture, adds anything.
  const picture: ItemPicture | undefined =
    url !== undefined && (mediaRss || post.image === undefined)
      ? {
          url,
          ...(details?.alt ? { alt: details.alt } : {}),
          ...(details?.width ? { width: details.width } : {}),
          ...(details?.height ? { height: details.height } : {}),
          tags: mediaRss,
        }
      : undefined;
  const enclosures = (post.media?.enclosures ?? []).map(
    (e): ItemEnclosure => ({
      url: e.url,
      type: e.type ?? UNKNOWN_TYPE,
      ...(e.length !== undefined ? { length: e.length } : {}),
      ...(e.duration !== undefined ? { duration: e.duration } : {}),
      ...(e.title ? { title: e.title } : {}),
    }),
  );
  const played = episodeEnclosure(post.media);
  const enclosure = played && enclosures[post.media?.enclosures?.indexOf(played) ?? -1];
  const episode = enclosure ? { ...post.media?.episode, enclosure } : undefined;
  if (!picture && enclosures.length === 0) return undefined;
  return { ...(picture ? { picture } : {}), enclosures, ...(episode ? { episode } : {}) };
}

/** The enclosure RSS carries (RSS 2.0 has one per item): the one an episode plays, else the first. */
export function rssEnclosure(media: ItemMedia | undefined): ItemEnclosure | undefined {
  return media?.episode?.enclosure ?? media?.enclosures[0];
}

/** `media:thumbnail` and `media:content` of the picture, and `media:content` of each enclosure. */
export function mediaRssElements(media: ItemMedia | undefined, tags: boolean): XmlElement[] {
  if (!media || !tags) return [];
  const out: XmlElement[] = [];
  const p = media.picture;
  if (p?.tags) {
    out.push({ name: 'media:thumbnail', attrs: { url: p.url, width: p.width, height: p.height } });
    out.push({
      name: 'media:content',
      attrs: { url: p.url, medium: 'image', type: imageType(p.url), width: p.width, height: p.height },
      ...(p.alt ? { children: [{ name: 'media:description', attrs: { type: 'plain' }, text: p.alt }] } : {}),
    });
  }
  for (const e of media.enclosures) {
    out.push({
      name: 'media:content',
      attrs: {
        url: e.url,
        type: e.type,
        fileSize: e.length ? e.length : undefined,
        duration: e.duration !== undefined ? Math.round(e.duration) : undefined,
        medium: mediumOf(e.type),
      },
    });
  }
  return out;
}

/** Atom's `link rel="enclosure"` for each enclosure (RFC 4287 §4.2.7.2: length is optional). */
export function atomEnclosures(media: ItemMedia | undefined): XmlElement[] {
  return (media?.enclosures ?? []).map((e) => ({
    name: 'link',
    attrs: { rel: 'enclosure', href: e.url, type: e.type, length: e.length ? e.length : undefined, title: e.title },
  }));
}

/** JSON Feed 1.1's `attachments`, `image` (only the content's first picture: a post's own image is there already) and `banner_image`. */
export function jsonMediaFields(media: ItemMedia | undefined, hasImage: boolean): Record<string, unknown> {
  if (!media) return {};
  const p = media.picture;
  // A banner is wide: a picture known to be landscape is one.
  const banner = p?.tags && p.width !== undefined && p.height !== undefined && p.width > p.height ? { banner_image: p.url } : {};
  return {
    ...(p && !hasImage ? { image: p.url } : {}),
    ...banner,
    ...(media.enclosures.length > 0
      ? {
          attachments: media.enclosures.map((e) => ({
            url: e.url,
            mime_type: e.type,
            ...(e.title ? { title: e.title } : {}),
            ...(e.length ? { size_in_bytes: e.length } : {}),
            // Whole seconds: NetNewsWire's parser, for one, reads an integer.
            ...(e.duration !== undefined ? { duration_in_seconds: Math.round(e.duration) } : {}),
          })),
        }
      : {}),
  };
}

function mediumOf(type: string): string | undefined {
  const top = type.split('/')[0];
  if (top === 'audio' || top === 'video' || top === 'image') return top;
  return type === 'application/pdf' || type === 'application/epub+zip' ? 'document' : undefined;
}

// The first `<img>` start tag and its src, in content already made absolute (render/content.ts).
const IMG = /<img\s(?:[^>"']|"[^"]*"|'[^']*')*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/** The first picture in a post's prepared content (XML bytes), if it is an absolute http(s) URL. */
export function firstImageOf(xml: Buffer): string | undefined {
  const m = IMG.exec(xml.toString('utf8'));
  const raw = m ? decodeHTML(m[1] ?? m[2] ?? m[3] ?? '').trim() : '';
  if (!raw || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  return /^https?:$/.test(url.protocol) ? url.href : undefined;
}
