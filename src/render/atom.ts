// FeedModel → Atom 1.0 (RFC 4287), through `feed` and the work-arounds in feed-quirks.ts.
import { Feed, type Author as FeedAuthor, type Item } from 'feed';
import type { Author } from '../config/schema.js';
import type { FeedModel } from './feed-model.js';
import { finishXml, forCdata, forSanitizedAttr, forText, imageType, textAsHtml } from './feed-quirks.js';
import { withStylesheet } from './xml-stylesheet.js';

// `feed` derives an Atom enclosure's type from the file extension alone; only these come out right.
const ATOM_SAFE_IMAGE_EXTENSIONS = /\.(png|gif|webp|avif|jpeg)$/i;

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
  for (const item of model.items) {
    const entry: Item = {
      // `feed` marks titles and summaries type="html"; escaping the plain text makes that true.
      title: textAsHtml(item.title),
      link: item.link,
      id: item.id,
      date: item.updated,
      published: item.published,
      description: textAsHtml(item.summary),
      content: forCdata(item.html),
      // RFC 4287 §4.2.1: an entry needs an author unless the feed has one; give it always.
      author: [author(item.author)],
      // `feed` writes no `term` (required) when given only a name, and `<` in it raw into the attribute.
      category: item.categories.map((c) => ({ term: forSanitizedAttr(c.name), label: forSanitizedAttr(c.name), scheme: c.scheme })),
    };
    if (item.image && ATOM_SAFE_IMAGE_EXTENSIONS.test(new URL(item.image).pathname) && imageType(item.image)) {
      entry.image = item.image;
    }
    feed.addItem(entry);
  }
  return withStylesheet(finishXml(feed.atom1()), model.stylesheets.atom);
}

function author(a: Author): FeedAuthor {
  return { name: forText(a.name), ...(a.email ? { email: forText(a.email) } : {}), ...(a.url ? { link: a.url } : {}) };
}
