// FeedModel → JSON Feed 1.1. `feed` writes version 1; the 1.1 fields are set here and only here.
import { Feed, type Item } from 'feed';
import type { Author } from '../config/schema.js';
import { placeholder } from './feed-document.js';
import type { FeedModel } from './feed-model.js';
import { jsonMediaFields } from './media-rss.js';

interface JsonAuthor {
  name: string;
  url?: string;
  avatar?: string;
}

/** The JSON Feed skeleton: item i's content_html is the string `placeholder(i)`. */
export function renderJsonFeed(model: FeedModel): string {
  const feed = new Feed({
    title: model.title,
    description: model.description,
    id: model.selfUrls.json,
    link: model.alternate,
    updated: model.updated,
    generator: false,
    feedLinks: { json: model.selfUrls.json },
  });
  model.items.forEach((item, index) => {
    const entry: Item = {
      title: item.title,
      id: item.id,
      link: item.link,
      date: item.updated,
      published: item.published,
      description: item.summary,
      ...(item.hasContent ? { content: placeholder(index) } : {}),
      category: item.categories.map((c) => ({ name: c.name })),
    };
    if (item.image) entry.image = item.image;
    feed.addItem(entry);
  });
  const doc = JSON.parse(feed.json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };

  // JSON Feed 1.1: `authors` replaces `author`; `language` is new. `feed` keys items by id, so an item
  // without one would vanish; every item here has one.
  const out: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.home_page_url,
    feed_url: doc.feed_url,
    description: doc.description,
    language: model.language,
    authors: [jsonAuthor(model.author)],
    // JSON Feed 1.1 `hubs`: the WebSub hubs a reader may subscribe at.
    ...(model.hubs.length > 0 ? { hubs: model.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    items: doc.items.map((it, i) => {
      const source = model.items[i];
      const { author: _dropped, tags, ...rest } = it;
      // Without content `feed` would put the summary in content_html as if it were HTML: it is text, and
      // JSON Feed 1.1 wants content_html or content_text in every item, so the summary is content_text.
      if (source && !source.hasContent) {
        delete rest.content_html;
        rest.content_text = source.summary;
      }
      const unique = Array.isArray(tags) ? [...new Set(tags as string[])] : [];
      return {
        ...rest,
        ...(source ? { authors: [jsonAuthor(source.author)] } : {}),
        ...(unique.length > 0 ? { tags: unique } : {}),
        ...jsonMediaFields(source?.media, rest.image !== undefined),
      };
    }),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function jsonAuthor(a: Author): JsonAuthor {
  return { name: a.name, ...(a.url ? { url: a.url } : {}), ...(a.avatar ? { avatar: a.avatar } : {}) };
}
