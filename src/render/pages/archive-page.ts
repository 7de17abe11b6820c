// /archive/<n>/, /categories/<slug>/archive/<n>/ and /tags/<slug>/archive/<n>/: page n of a scope's older posts, for
// people, the same posts as the feeds' archive page n (render/archive.ts). Links to the newer and the
// older page let a person read a scope back to its first post without JavaScript.
import type { Config } from '../../config/schema.js';
import { oneLine } from '../../posts/text.js';
import { scopeDir, type Scope } from '../../scopes/scopes.js';
import { archiveDir } from '../archive.js';
import { uiStrings } from '../strings.js';
import { relativeUrl } from '../urls.js';
import { autodiscovery } from './feed-links.js';
import { html, type Html } from './html.js';
import { renderPage } from './layout.js';

/** The "older posts" link under a list of posts: to archive page `page` of the scope, from folder `fromDir`. */
export function olderPostsLink(config: Config, scope: Scope, fromDir: string, page: number): Html {
  return html`
<nav class="pager"><a href="${relativeUrl(fromDir, archiveDir(scope, page))}">${uiStrings(config.site.language).olderPosts}</a></nav>`;
}

/** `pages`: how many pages the scope has (the newest is `pages`); `items`: the entries of page `page`'s posts. */
export function renderArchiveListPage(scope: Scope, page: number, pages: number, items: readonly Html[], config: Config): string {
  const ui = uiStrings(config.site.language);
  const dir = archiveDir(scope, page);
  const scopeHome = relativeUrl(dir, scopeDir(scope));
  // The site scope has no name: its pages are the site's.
  const name = scope.kind === 'site' ? oneLine(config.site.title) : oneLine(scope.name);
  const title = `${name} — ${ui.olderPage(page)}`;
  // The newest page's newer posts are on the scope's own page.
  const newer = page < pages ? relativeUrl(dir, archiveDir(scope, page + 1)) : scopeHome;
  const body = html`<header>
<p class="crumbs"><a href="${relativeUrl(dir, '/')}">${oneLine(config.site.title)}</a>${scope.kind === 'site' ? '' : html` › <a href="${scopeHome}">${scope.name}</a>`}</p>
<h1>${title}</h1>
</header>
<main>
<ol class="items">${items}
</ol>
<nav class="pager"><a href="${newer}">${ui.newerPosts}</a>${page > 1 ? html` · <a href="${relativeUrl(dir, archiveDir(scope, page - 1))}">${ui.olderPosts}</a>` : ''}</nav>
</main>
<footer><a href="${relativeUrl(dir, '/')}">${ui.allFeeds}</a></footer>`;
  return renderPage({
    dir,
    language: config.site.language,
    title,
    description: '',
    // Autodiscovery stays the subscription documents.
    alternates: autodiscovery(config, scopeDir(scope), name),
    body,
  });
}
