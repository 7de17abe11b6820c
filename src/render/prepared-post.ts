// A post as every feed carries it, made once: its content ready to splice, and its item's text in each
// format around that content. Pure, so the main thread and helper threads make the same bytes.
import type { Config, FormatName } from '../config/schema.js';
import type { Post, PostBody } from '../posts/post.js';
import type { ContentSite } from '../content/render-body.js';
import { contentOptions, renderContent } from './content.js';
import { prepareContent, type ItemPieces, type PreparedContent } from './feed-document.js';
import { feedItem, itemsModel } from './feed-model.js';
import { formatsFor, renderItems } from './formats.js';

export interface PreparedPost {
  readonly content: PreparedContent;
  /** The post's item in each configured format. */
  readonly items: Readonly<Partial<Record<FormatName, ItemPieces>>>;
}

/**
 * `site`: what the posts' Liquid sees (a rescan's); none renders no Liquid. `until` (a performance.now()
 * time): past it, the posts not yet rendered are left for the caller's next call, the first one always
 * rendered: the prepared posts are then the first of `posts`.
 */
export function preparePosts(
  posts: readonly { readonly post: Post; readonly body: PostBody }[],
  config: Config,
  site?: ContentSite,
  until = Infinity,
): PreparedPost[] {
  const options = contentOptions(config, site);
  const contents: PreparedContent[] = [];
  for (const { post, body } of posts) {
    if (contents.length > 0 && performance.now() > until) break;
    const rendered = renderContent(post, body, options);
    contents.push(prepareContent(rendered.html, rendered.summary, rendered.notes));
  }
  const items = posts.slice(0, contents.length).map(({ post }, i) => feedItem({ post, content: contents[i] as PreparedContent }, config));
  const model = itemsModel(config);
  const byFormat = formatsFor(config.feeds.formats).map((format) => [format.name, renderItems(format, model, items)] as const);
  return contents.map((content, i) => ({
    content,
    items: Object.fromEntries(byFormat.map(([name, pieces]) => [name, pieces[i]])),
  }));
}
