// /feeds.opml: every feed (site, categories, tags, authors) in one OPML 2.0 subscription list, so a reader can
// import a whole site or a section at once. One format per feed, from opml.format.
import { escapeUTF8 } from 'entities';
import type { Config } from '../config/schema.js';
import { xmlSafe } from '../posts/text.js';
import { scopeDir, type Scope } from '../scopes/scopes.js';
import type { DocumentPlan } from './document-plan.js';
import { whole } from './feed-document.js';
import { feedModel } from './feed-model.js';
import { FORMATS } from './formats.js';
import { queryFeedModel, savedQuerySpec } from './query-feed.js';
import { uiStrings } from './strings.js';

export const OPML_PATH = '/feeds.opml';

// No media type is registered for OPML; text/x-opml is what readers, OPML directories and
// `<link rel="outline">` use, and it keeps browsers from rendering the list as a page.
export const OPML_TYPE = 'text/x-opml; charset=utf-8';

export function planOpml(scopes: readonly Scope[], config: Config): DocumentPlan {
  return {
    path: OPML_PATH,
    contentType: OPML_TYPE,
    lastModified: undefined,
    inputs: scopes.map((s) => [s.kind, s.slug, s.name, s.posts[0]?.updated ?? ''].join('\0')).join('\n'),
    render: () => whole(renderOpml(scopes, config)),
  };
}

export function renderOpml(scopes: readonly Scope[], config: Config): string {
  const ui = uiStrings(config.site.language);
  const site = scopes.find((s) => s.kind === 'site');
  const siteModel = feedModel(site ?? { kind: 'site', key: '', name: '', slug: '', posts: [] }, [], config);
  // OPML 2.0 wants dateModified; the newest post's time keeps it free of the build time.
  const newest = site?.posts.reduce((max, p) => Math.max(max, p.updated), 0);
  const folder = (text: string, kind: Scope['kind']): string => {
    const lines = scopes.filter((s) => s.kind === kind).map((s) => `\n      ${outline(s, config)}`);
    return lines.length === 0 ? '' : `\n    <outline text="${attr(text)}" title="${attr(text)}">${lines.join('')}\n    </outline>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${attr(siteModel.title)}</title>${newest ? `\n    <dateModified>${new Date(newest).toUTCString()}</dateModified>` : ''}
    <ownerName>${attr(siteModel.author.name)}</ownerName>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
    ${site ? outline(site, config) : ''}${folder(ui.categories, 'category')}${folder(ui.tags, 'tag')}${folder(ui.authors, 'author')}${savedFolder(ui.savedQueries, scopes, config)}
  </body>
</opml>
`;
}

// OPML 2.0: a subscription is type="rss" whatever the feed's format; text is required, title and
// htmlUrl are what readers show and link.
function outline(scope: Scope, config: Config): string {
  const model = feedModel(scope, [], config);
  const title = attr(model.title);
  const xmlUrl = attr(model.selfUrls[config.opml.format]);
  return `<outline type="rss" text="${title}" title="${title}" xmlUrl="${xmlUrl}" htmlUrl="${attr(model.alternate)}"/>`;
}

/** Saved queries (docs/guides/query-feeds-and-subscribers.md) at their own addresses, which static hosting serves too. */
function savedFolder(text: string, scopes: readonly Scope[], config: Config): string {
  const format = FORMATS.find((f) => f.name === config.opml.format);
  if (!config.queries.enabled || !format) return '';
  const index = new Map(scopes.map((s) => [scopeDir(s), s]));
  const lines = config.queries.saved.flatMap((saved) => {
    const spec = savedQuerySpec(saved, index, format, config);
    if ('reason' in spec) return [];
    const model = queryFeedModel(spec, [], config);
    const title = attr(model.title);
    return [`\n      <outline type="rss" text="${title}" title="${title}" xmlUrl="${attr(model.selfUrls[format.name])}" htmlUrl="${attr(model.alternate)}"/>`];
  });
  return lines.length === 0 ? '' : `\n    <outline text="${attr(text)}" title="${attr(text)}">${lines.join('')}\n    </outline>`;
}

function attr(text: string): string {
  return escapeUTF8(xmlSafe(text));
}
