// GET / : what a person can subscribe to, and what there is to read. The site's feeds and its newest
// posts (then the link to older ones), then every category, tag and author with its post count, newest
// post and feeds; a filter box (added by the script) for long lists. GET /categories/,
// /tags/ and /authors/ : the same list for one kind (what the feeds' category domain and scheme URLs
// point at).
import type { Config } from '../../config/schema.js';
import { oneLine } from '../../posts/text.js';
import { scopeDir, taxonomyDir, type Scope, type ScopeKind } from '../../scopes/scopes.js';
import { OPML_PATH } from '../opml.js';
import { publicUrl, relativeUrl } from '../urls.js';
import { autodiscovery, formatLinks, subscribeList } from './feed-links.js';
import { queryForm } from './query-form.js';
import { html, type Html } from './html.js';
import { renderPage } from './layout.js';
import { uiStrings, type UiStrings } from '../strings.js';
import { timeTag } from './time.js';

/**
 * `newest`: the entries of the site's newest posts, those its feeds show (scope-page.ts `pageItems`);
 * `older`: the link to the site's older posts, when it has some (archive-page.ts), after them.
 */
export function renderIndexPage(scopes: readonly Scope[], config: Config, newest: readonly Html[], older?: Html): string {
  const ui = uiStrings(config.site.language);
  const title = oneLine(config.site.title);
  const description = oneLine(config.site.description);
  const site = scopes.find((s) => s.kind === 'site');
  const categories = scopes.filter((s) => s.kind === 'category');
  const tags = scopes.filter((s) => s.kind === 'tag');
  const authors = scopes.filter((s) => s.kind === 'author');
  const named = categories.length + tags.length + authors.length;

  const body = html`<header>
<h1>${title}</h1>
${description ? html`<p class="lead">${description}</p>` : ''}
</header>
<main>
<section aria-labelledby="site-feeds">
<h2 id="site-feeds">${ui.siteFeeds}</h2>
${site ? html`<p class="meta">${countLine(site, config, ui)}</p>` : ''}
<p>${ui.subscribeHint}</p>
${subscribeList(config, '/', '/', ui)}
<p><a href="${relativeUrl('/', OPML_PATH)}" type="text/x-opml">${ui.opml}</a></p>
</section>
${
  newest.length > 0
    ? html`<section aria-labelledby="latest">
<h2 id="latest">${ui.latest}</h2>
<ol class="items">${newest}
</ol>${older ?? ''}
</section>`
    : ''
}${queryForm(config, '/', ui)}
${named > 0 ? filterBox(ui, ui.filterLabel) : ''}
${scopeSection('categories', ui.categories, categories, '/', config, ui)}
${scopeSection('tags', ui.tags, tags, '/', config, ui)}${
  authors.length > 0
    ? html`
${scopeSection('authors', ui.authors, authors, '/', config, ui)}`
    : ''
}
</main>`;

  return renderPage({
    dir: '/',
    language: config.site.language,
    title,
    description,
    alternates: autodiscovery(config, '/', title),
    outline: { title: `${title} (OPML)`, href: publicUrl(config, OPML_PATH) },
    body,
  });
}

/** `scopes`: every scope of one kind, in the index's order. */
export function renderTaxonomyPage(kind: Exclude<ScopeKind, 'site'>, scopes: readonly Scope[], config: Config): string {
  const ui = uiStrings(config.site.language);
  const dir = taxonomyDir(kind);
  const siteTitle = oneLine(config.site.title);
  const heading = { category: ui.categories, tag: ui.tags, author: ui.authors }[kind];
  const id = { category: 'categories', tag: 'tags', author: 'authors' }[kind];
  const body = html`<header>
<p class="crumbs"><a href="${relativeUrl(dir, '/')}">${siteTitle}</a></p>
<h1 id="${id}-heading">${heading} <span class="meta">(${scopes.length})</span></h1>
</header>
<main>
${scopes.length > 0 ? filterBox(ui, { category: ui.filterCategories, tag: ui.filterTags, author: ui.filterAuthors }[kind]) : ''}
${scopes.length > 0 ? scopeSection(id, undefined, scopes, dir, config, ui) : html`<p>${ui.noPosts}</p>`}
</main>
<footer><a href="${relativeUrl(dir, '/')}">${ui.allFeeds}</a></footer>`;
  return renderPage({
    dir,
    language: config.site.language,
    title: `${siteTitle} — ${heading}`,
    description: '',
    alternates: autodiscovery(config, '/', siteTitle),
    body,
  });
}

// Hidden until the script shows it: without JavaScript it could do nothing.
function filterBox(ui: UiStrings, label: string): Html {
  return html`<div class="filter" hidden>
<label for="filter">${label}</label>
<input id="filter" type="search" autocomplete="off" spellcheck="false">
<output id="filter-status" for="filter" aria-live="polite" data-template="${ui.filterStatus}"></output>
<p id="filter-none" hidden>${ui.noMatch}</p>
</div>`;
}

/**
 * `from`: the folder of the page the section is on, which its links are relative to. `heading` undefined:
 * the page's own h1 (`<id>-heading`) names the list, as on /tags/, where a second "Tags" read twice.
 */
function scopeSection(id: string, heading: string | undefined, scopes: readonly Scope[], from: string, config: Config, ui: UiStrings): Html | '' {
  if (scopes.length === 0) return '';
  const rows = scopes.map(
    (scope) => html`
<li data-filter="${scope.name}"><a class="name" href="${relativeUrl(from, scopeDir(scope))}">${scope.name}</a> <span class="meta">${countLine(scope, config, ui)}</span> ${formatLinks(config, from, scopeDir(scope))}</li>`,
  );
  return html`<section id="${id}" aria-labelledby="${id}-heading" data-filter-section>
${
  heading === undefined
    ? ''
    : html`<h2 id="${id}-heading">${heading} <span class="meta">(${scopes.length})</span></h2>
`
}<ul class="scopes">${rows}
</ul>
</section>`;
}

function countLine(scope: Scope, config: Config, ui: UiStrings): Html {
  const newest = scope.posts[0];
  return newest ? html`${ui.posts(scope.posts.length)} · ${ui.newest} ${timeTag(newest.date, config.timezone)}` : html`${ui.noPosts}`;
}
