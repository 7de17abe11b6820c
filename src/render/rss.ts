// FeedModel → RSS 2.0 with content:encoded, through `feed` and the work-arounds in feed-quirks.ts.
import { Feed, type Item } from 'feed';
import { placeholder } from './feed-document.js';
import type { FeedModel } from './feed-model.js';
import { finishXml, forCdata, forRawAttr, forText, imageType, textAsHtml, withHubLinks } from './feed-quirks.js';
import { extrasMarker, fillExtras, withRootNamespaces, xmlLines, type XmlElement } from './item-extras.js';
import { MEDIA_NS, mediaRssElements, rssEnclosure } from './media-rss.js';
import { channelElements, episodeElements, ITUNES_NS, PODCAST_NS } from './podcast.js';
import { withStylesheet } from './xml-stylesheet.js';

/** The RSS skeleton: item i's content is `placeholder(i)`, inside its CDATA section. */
export function renderRss(model: FeedModel): string {
  const feed = new Feed({
    title: forText(model.podcast?.title ?? model.title),
    description: forText(model.podcast?.description ?? model.description),
    id: model.selfUrls.rss,
    link: model.alternate,
    language: forText(model.language),
    updated: model.updated,
    ttl: model.ttlMinutes,
    generator: false,
    feedLinks: { rss: model.selfUrls.rss },
  });
  model.items.forEach((item, index) => {
    const withEmail = item.author.email ? item.author : undefined;
    const entry: Item = {
      title: forCdata(item.title),
      link: item.link,
      id: forText(item.id),
      date: item.updated,
      published: item.published,
      // RSS <description> is HTML: the plain summary is escaped to stay plain.
      description: forCdata(textAsHtml(item.summary)),
      ...(item.hasContent ? { content: placeholder(index) } : {}),
      category: item.categories.map((c) => ({ name: forText(c.name), domain: forRawAttr(c.scheme) })),
      // RSS <author> must be an e-mail address; `feed` writes a bare name, which validators reject.
      // Without an address the name goes in <dc:creator>, whose namespace `feed` declares with content.
      ...(withEmail
        ? { author: [{ name: forText(withEmail.name), email: forText(withEmail.email ?? '') }] }
        : { extensions: [{ name: 'dc:creator', objects: { _text: forText(item.author.name) } }] }),
    };
    // RSS 2.0 has one enclosure an item: an audio or video file takes the image's place.
    const enclosure = rssEnclosure(item.media);
    const type = item.image ? imageType(item.image) : undefined;
    if (enclosure) entry.enclosure = { url: enclosure.url, length: enclosure.length ?? 0, type: enclosure.type };
    else if (item.image && type) entry.image = { url: item.image, type };
    if (extrasOf(model, index).length > 0) entry.extensions = [...(entry.extensions ?? []), { name: EXTRAS, objects: { _text: extrasMarker(index) } }];
    feed.addItem(entry);
  });
  const xml = fillExtras(finishXml(feed.rss2()), EXTRAS, (i) => extrasOf(model, i));
  const namespaced = withRootNamespaces(xml, 'rss', {
    ...(model.mediaRss ? { media: MEDIA_NS } : {}),
    ...(model.podcast ? { itunes: ITUNES_NS, podcast: PODCAST_NS } : {}),
  });
  const show = model.podcast ? withChannelElements(namespaced, channelElements(model.podcast)) : namespaced;
  return withStylesheet(withHubLinks(show, 'atom:link', model.hubs), model.stylesheets.rss);
}

// The stand-in element `feed` writes where an item's own elements go (item-extras.ts); never left in a feed.
const EXTRAS = 'fw:extras';

/** Item `index`'s elements beyond `feed`'s: Media RSS, and a podcast's episode tags. */
function extrasOf(model: FeedModel, index: number): XmlElement[] {
  const item = model.items[index];
  return [...mediaRssElements(item?.media, model.mediaRss === true), ...(model.podcast ? episodeElements(item?.media) : [])];
}

/** The show's elements at the end of the channel's own, before its first item (or its end). */
function withChannelElements(xml: string, elements: readonly XmlElement[]): string {
  const item = xml.indexOf('\n        <item>');
  const at = item >= 0 ? item : xml.lastIndexOf('\n    </channel>');
  return `${xml.slice(0, at)}\n${xmlLines(elements, '        ').join('\n')}${xml.slice(at)}`;
}
