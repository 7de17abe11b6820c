// The HTML pages and their assets as snapshot documents: the index at /, a page per category, tag and author.
// Pages carry a Content-Security-Policy and, like feeds, bytes that depend only on posts and config.
import type { Config } from '../../config/schema.js';
import { scopeDir, taxonomyDir, type Scope } from '../../scopes/scopes.js';
import type { ContentOf, DocumentPlan, WindowOf } from '../document-plan.js';
import { whole } from '../feed-document.js';
import { modelItems, shellModel } from '../feed-model.js';
import { ASSETS } from './assets.js';
import { renderIndexPage, renderTaxonomyPage } from './index-page.js';
import { HTML_TYPE, PAGE_CSP } from './layout.js';
import { pageItems, renderScopePage } from './scope-page.js';
import { archiveListCount, archivePaging } from '../archive.js';
import { olderPostsLink } from './archive-page.js';

const PAGE_HEADERS = { 'Content-Security-Policy': PAGE_CSP };

export function planPages(scopes: readonly Scope[], config: Config, contentOf: ContentOf, windowOf: WindowOf): DocumentPlan[] {
  const paging = archivePaging(config);
  // The index links the newest page of the site's older posts, after its newest posts; which page it is
  // follows from the site's post count, already among the index's inputs.
  const site = scopes.find((s) => s.kind === 'site');
  const siteOlder = site && paging ? archiveListCount(site.posts.length, paging) : 0;
  // The index shows each scope's name, count and newest date; it changes only when one of those does.
  const listed = (s: Scope): string => [s.kind, s.slug, s.name, s.posts.length, s.posts[0]?.date ?? ''].join('\0');
  // ...and it shows the site's newest posts, as the site's feeds do: their window is among its inputs too.
  const siteWindow = site ? windowOf(site) : undefined;
  const indexInputs = [...scopes.map(listed), siteWindow?.inputs ?? ''];
  const pageItem = pageItems(config);
  const plans: DocumentPlan[] = [
    {
      path: '/',
      contentType: HTML_TYPE,
      lastModified: undefined,
      inputs: indexInputs.join('\n'),
      headers: PAGE_HEADERS,
      render: () => {
        const newest = siteWindow ? modelItems(siteWindow.posts, contentOf).map(pageItem) : [];
        return whole(renderIndexPage(scopes, config, newest, site && siteOlder > 0 ? olderPostsLink(config, site, '/', siteOlder) : undefined));
      },
    },
  ];
  // A list per kind, as the index shows it: the feeds' category `domain` and `scheme` URLs point here.
  for (const kind of ['category', 'tag', 'author'] as const) {
    const ofKind = scopes.filter((s) => s.kind === kind);
    if (ofKind.length === 0) continue;
    plans.push({
      path: taxonomyDir(kind),
      contentType: HTML_TYPE,
      lastModified: undefined,
      inputs: ofKind.map(listed).join('\n'),
      headers: PAGE_HEADERS,
      render: () => whole(renderTaxonomyPage(kind, ofKind, config)),
    });
  }
  for (const scope of scopes) {
    if (scope.kind === 'site') continue;
    const { posts, inputs } = windowOf(scope);
    // Older posts: a link to the newest page of them (the post count, in the inputs, decides which).
    const olderPages = paging && archivePaging(config, scope.kind) ? archiveListCount(scope.posts.length, paging) : 0;
    plans.push({
      path: scopeDir(scope),
      contentType: HTML_TYPE,
      // No Last-Modified: the page also shows the post count, which can change with no newer post, and
      // an If-Modified-Since alone would then keep a stale page. The ETag is exact.
      lastModified: undefined,
      inputs: `${scope.posts.length}\n${inputs}`,
      headers: PAGE_HEADERS,
      render: () => {
        const shown = modelItems(posts, contentOf);
        const older = olderPages > 0 ? olderPostsLink(config, scope, scopeDir(scope), olderPages) : undefined;
        return whole(renderScopePage(scope, shellModel(scope, shown, config), shown.map(pageItem), config, older));
      },
    });
  }
  for (const asset of ASSETS) {
    plans.push({ path: asset.path, contentType: asset.contentType, lastModified: undefined, inputs: asset.body, render: () => whole(asset.body) });
  }
  return plans;
}
