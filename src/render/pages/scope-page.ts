// /categories/<slug>/, /tags/<slug>/ and /authors/<slug>/ : one scope's newest posts and how to subscribe to them. A
// rendering of the same FeedModel its feeds are made from, so titles and summaries agree.
import type { Config } from '../../config/schema.js';
import { oneLine } from '../../posts/text.js';
import { scopeDir, taxonomyDir, type Scope } from '../../scopes/scopes.js';
import type { Post } from '../../posts/post.js';
import type { FeedModel, ModelItem } from '../feed-model.js';
import { relativeUrl } from '../urls.js';
import { autodiscovery, subscribeList } from './feed-links.js';
import { queryForm } from './query-form.js';
import { html, type Html } from './html.js';
import { renderPage } from './layout.js';
import { uiStrings } from '../strings.js';
import { timeTag } from './time.js';

/** A post's entry in a page's list. */
export type PageItemOf = (item: ModelItem) => Html;

/**
 * Entries made once per build: a post's entry is the same on every page that shows it (its category's,
 * each of its tags'), and a cold build would otherwise make each one several times.
 */
export function pageItems(config: Config): PageItemOf {
  const made = new Map<Post, Html>();
  return ({ post, content }) => {
    let entry = made.get(post);
    if (entry === undefined) {
      entry = html`
<li>
<h3><a href="${post.link}">${post.title}</a></h3>
<p class="meta">${timeTag(post.date, config.timezone)}</p>
${content.summary ? html`<p class="summary">${content.summary}</p>` : ''}
</li>`;
      made.set(post, entry);
    }
    return entry;
  };
}

/**
 * `model`: the scope's feed model without items (`shellModel`); `items`: the entries of its newest posts;
 * `older`: the link to its older posts, when it has some (archive-page.ts).
 */
export function renderScopePage(scope: Scope, model: FeedModel, items: readonly Html[], config: Config, older?: Html): string {
  const ui = uiStrings(config.site.language);
  const dir = scopeDir(scope);
  const home = relativeUrl(dir, '/');
  const kind = scope.kind === 'site' ? 'category' : scope.kind;
  const label = config.feeds.labels[kind];
  // An author's own site, linked only when it is a web address.
  const site = scope.person?.url !== undefined && /^https?:\/\//i.test(scope.person.url) ? scope.person.url : undefined;

  const body = html`<header>
<p class="crumbs"><a href="${home}">${oneLine(config.site.title)}</a> › <a href="${relativeUrl(dir, taxonomyDir(kind))}">${label}</a></p>
<h1>${scope.name}</h1>
<p class="meta">${ui.posts(scope.posts.length)}${site ? html` · <a href="${site}" rel="author">${site}</a>` : ''}</p>
</header>
<main>
<section aria-labelledby="subscribe">
<h2 id="subscribe">${ui.subscribe}</h2>
<p>${ui.subscribeHint}</p>
${subscribeList(config, dir, dir, ui)}
</section>${queryForm(config, dir, ui)}
<section aria-labelledby="latest">
<h2 id="latest">${ui.latest}</h2>
${
  items.length > 0
    ? html`<ol class="items">${items}
</ol>`
    : html`<p>${ui.noPosts}</p>`
}${older ?? ''}
</section>
</main>
<footer><a href="${home}">${ui.allFeeds}</a></footer>`;

  return renderPage({
    dir,
    language: config.site.language,
    title: model.title,
    description: model.description,
    alternates: autodiscovery(config, dir, model.title),
    body,
  });
}
