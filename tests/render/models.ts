// Feed documents for the render tests: by hand (FeedItem literals plus their HTML) or through the real
// pipeline (readPost → buildScopes → renderContent → prepareContent → feedModel), and rendered the way
// the snapshot renders them (a format's skeleton with each item's prepared content spliced in).
import os from 'node:os';
import type { Config, FormatName } from '../../src/config/schema.js';
import { readPost } from '../../src/posts/read-post.js';
import type { Post, PostBody } from '../../src/posts/post.js';
import { renderContent } from '../../src/render/content.js';
import { prepareContent, type PreparedContent } from '../../src/render/feed-document.js';
import { feedModel, type FeedItem, type FeedModel } from '../../src/render/feed-model.js';
import { FORMATS, renderFeed } from '../../src/render/formats.js';
import { buildScopes, type Scope } from '../../src/scopes/scopes.js';
import { scanOptionsFrom } from '../../src/posts/options.js';
import { testConfig } from '../helpers/config.js';

export const SITE = 'https://news.example.cn/';

/** A feed model and the prepared content of each of its items, in item order. */
export interface Doc {
  readonly model: FeedModel;
  readonly contents: readonly PreparedContent[];
}

/** A hand-made item and its HTML content; `slug` names it and makes its link and id. */
export interface HandItem {
  readonly item: FeedItem;
  readonly html: string;
}

export function handItem(slug: string, extra: Partial<FeedItem> & { html?: string } = {}): HandItem {
  const link = `${SITE}2022/01/11/${slug}/`;
  const { html = `<p>正文 ${slug}</p>`, ...fields } = extra;
  return {
    html,
    item: {
      id: link,
      link,
      title: `标题 ${slug}`,
      published: new Date(Date.UTC(2022, 0, 11)),
      updated: new Date(Date.UTC(2022, 0, 11)),
      author: { name: '编辑部' },
      categories: [],
      summary: `摘要 ${slug}`,
      image: undefined,
      ...fields,
      hasContent: fields.hasContent ?? html !== '',
    },
  };
}

/** A hand-made site feed around `items`. */
export function handDoc(items: readonly HandItem[], extra: Partial<FeedModel> = {}): Doc {
  const updated = new Date(items.reduce((max, i) => Math.max(max, i.item.updated.getTime()), 0));
  const model: FeedModel = {
    title: '测试站',
    description: '测试用的站点',
    language: 'zh-CN',
    alternate: SITE,
    selfUrls: { rss: `${SITE}rss.xml`, atom: `${SITE}atom.xml`, json: `${SITE}feed.json` },
    stylesheets: {},
    updated,
    author: { name: '测试站' },
    ttlMinutes: 5,
    hubs: [],
    items: items.map((i) => i.item),
    ...extra,
  };
  return { model, contents: items.map((i) => prepareContent(i.html, i.item.summary)) };
}

/** The whole document in `format`, as the snapshot serves it. */
export function render(format: FormatName, doc: Doc): string {
  const f = FORMATS.find((x) => x.name === format);
  if (!f) throw new Error(`no format ${format}`);
  return Buffer.concat(renderFeed(f, doc.model, doc.contents).chunks).toString('utf8');
}

export const renderRssDoc = (doc: Doc): string => render('rss', doc);
export const renderAtomDoc = (doc: Doc): string => render('atom', doc);
export const renderJsonDoc = (doc: Doc): string => render('json', doc);

let config: Config | undefined;

/** The test config (site https://news.example.cn/, zone Asia/Shanghai, language zh-CN), made once. */
export function renderConfig(): Config {
  config ??= testConfig(os.tmpdir());
  return config;
}

export interface SourcePost {
  readonly path: string;
  readonly text: string;
}

export interface ReadSource {
  readonly post: Post;
  readonly body: PostBody;
}

/** Reads the texts as posts; fails when one is not published. */
export function postsFrom(sources: readonly SourcePost[], cfg: Config = renderConfig()): ReadSource[] {
  return sources.map(({ path, text }) => {
    const result = readPost({ path, bytes: Buffer.from(text, 'utf8'), hash: path }, scanOptionsFrom(cfg).read);
    if (result.kind !== 'post') throw new Error(`${path} is not a post: ${JSON.stringify(result.problems)}`);
    return { post: result.post, body: result.body };
  });
}

/** Every scope's document, through the real pipeline, at `now`; keyed `kind:slug` (`site:` for the site). */
export function docsFrom(read: readonly ReadSource[], now: number, cfg: Config = renderConfig()): Map<string, Doc & { scope: Scope }> {
  const bodies = new Map(read.map((r) => [r.post.path, r.body]));
  const out = new Map<string, Doc & { scope: Scope }>();
  for (const scope of buildScopes(
    read.map((r) => r.post),
    now,
  )) {
    const items = scope.posts.slice(0, cfg.feeds.limit).map((post) => {
      const body = bodies.get(post.path);
      if (!body) throw new Error(`no body for ${post.path}`);
      const { html, summary } = renderContent(post, body);
      return { post, content: prepareContent(html, summary) };
    });
    out.set(`${scope.kind}:${scope.slug}`, { scope, model: feedModel(scope, items, cfg), contents: items.map((i) => i.content) });
  }
  return out;
}

/** The document of scope `key` (`site:`, `tag:c-plus-plus`…) for the texts. */
export function docFrom(sources: readonly SourcePost[], key = 'site:', now = Date.UTC(2030, 0, 1)): Doc {
  const doc = docsFrom(postsFrom(sources), now).get(key);
  if (!doc) throw new Error(`no scope ${key}`);
  return doc;
}
