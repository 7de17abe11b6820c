// FeedModel → Atom 1.0 (RFC 4287), through `feed` and the work-arounds in feed-quirks.ts.
import { Feed, type Author as FeedAuthor, type Item } from 'feed';
import type { Author } from '../config/schema.js';
import { placeholder } from './feed-document.js';
import type { FeedModel } from './feed-model.js';
import { finishXml, forCdata, forSanitizedAttr, forText, imageType, textAsHtml, textTitles, withHubLinks } from './feed-quirks.js';
import { extrasMarker, fillExtras, withRootNamespaces, type XmlElement } from './item-extras.js';
import { atomEnclosures, MEDIA_NS, mediaRssElements } from './media-rss.js';
import { withStylesheet } from './xml-stylesheet.js';

/** The Atom skeleton: entry i's content is `placeholder(i)`, inside its CDATA section. */
export function renderAtom(model: FeedModel): string {
  const feed = new Feed({
    title: forText(model.title),
    description: forText(model.description),
    id: forText(model.selfUrls.atom),
    link: model.alternate,
    language: model.language,
    updated: model.updated,
    generator: false,
    author: author(model.author),
    feedLinks: { atom: model.selfUrls.atom },
  });
  model.items.forEach((item, index) => {
    const entry: Item = {
      // Plain text in CDATA, typed "text" below: readers disagree on entities in an html title.
      title: forCdata(item.title),
      link: item.link,
      id: item.id,
      date: item.updated,
      published: item.published,
      description: textAsHtml(item.summary),
      ...(item.hasContent ? { content: placeholder(index) } : {}),
      // RFC 4287 §4.2.1: an entry needs an author unless the feed has one; give it always.
      author: [author(item.author)],
      // `feed` writes no `term` (required) when given only a name, and `<` in it raw into the attribute.
      category: item.categories.map((c) => ({ term: forSanitizedAttr(c.name), label: forSanitizedAttr(c.name), scheme: c.scheme })),
    };
    // Only images whose type the extension tells; `feed` would write `image//path` for the others.
    if (item.image && imageType(item.image)) entry.image = item.image;
    // `rights` (which no item has) stands in for the elements `feed` cannot write (item-extras.ts).
    if (extrasOf(model, index).length > 0) entry.copyright = extrasMarker(index);
    feed.addItem(entry);
  });
  const filled = fillExtras(finishXml(feed.atom1()), 'rights', (i) => extrasOf(model, i));
  const namespaced = model.mediaRss ? withRootNamespaces(filled, 'feed', { media: MEDIA_NS }) : filled;
  const xml = withHubLinks(fixEnclosureTypes(textTitles(namespaced)), 'link', model.hubs);
  return withStylesheet(xml, model.stylesheets.atom);
}

/** Entry `index`'s elements beyond `feed`'s: its enclosures with their real types, and Media RSS. */
function extrasOf(model: FeedModel, index: number): XmlElement[] {
  const media = model.items[index]?.media;
  return [...atomEnclosures(media), ...mediaRssElements(media, model.mediaRss === true)];
}

function author(a: Author): FeedAuthor {
  return { name: forText(a.name), ...(a.email ? { email: forText(a.email) } : {}), ...(a.url ? { link: a.url } : {}) };
}

/**
 * `feed` types an Atom image enclosure `image/<extension>`: right for png, gif, webp, avif and jpeg, but
 * `image/jpg` and `image/svg` are not media types. The skeleton holds no post text outside escaped
 * titles and summaries, so this pattern can only meet `feed`'s own links.
 */
function fixEnclosureTypes(xml: string): string {
  return xml.replace(
    /(<link rel="enclosure" href="[^"]*" type=")image\/(jpg|svg)"/g,
    (_m, head: string, ext: string) => `${head}${ext === 'jpg' ? 'image/jpeg' : 'image/svg+xml'}"`,
  );
}
