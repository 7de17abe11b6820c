// FeedModel → RSS 2.0 with content:encoded, through `feed` and the work-arounds in feed-quirks.ts.
import { Feed, type Item } from 'feed';
import { placeholder } from './feed-document.js';
import type { FeedModel } from './feed-model.js';
import { finishXml, forCdata, forRawAttr, forText, imageType, textAsHtml, withHubLinks } from './feed-quirks.js';
import { withStylesheet } from './xml-stylesheet.js';

/** The RSS skeleton: item i's content is `placeholder(i)`, inside its CDATA section. */
export function renderRss(model: FeedModel): string {
  const feed = new Feed({
    title: forText(model.title),
    description: forText(model.description),
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
    const type = item.image ? imageType(item.image) : undefined;
    if (item.image && type) entry.image = { url: item.image, type };
    feed.addItem(entry);
  });
  return withStylesheet(withHubLinks(finishXml(feed.rss2()), 'atom:link', model.hubs), model.stylesheets.rss);
}
