// The form on a scope's page that makes a query feed's address for a person (docs/guides/query-feeds-and-subscribers.md): its
// fields are the query's parameters, one button per format opens that format's feed with them. Plain
// HTML: a GET form needs no script, and the fields left empty are ignored by the server.
import type { Config } from '../../config/schema.js';
import { formatsFor } from '../formats.js';
import { queryBounds } from '../query-feed.js';
import type { UiStrings } from '../strings.js';
import { relativeUrl } from '../urls.js';
import { html, type Html } from './html.js';

/** The form for the feeds in folder `dir` (the page's own); nothing when query feeds are off. */
export function queryForm(config: Config, dir: string, ui: UiStrings): Html | '' {
  const formats = formatsFor(config.feeds.formats);
  const first = formats[0];
  if (!config.queries.enabled || !first) return '';
  const bounds = queryBounds(config);
  const buttons = formats.map((f) => html` <button type="submit" formaction="${relativeUrl(dir, dir + f.file)}">${f.label}</button>`);
  return html`
<section aria-labelledby="narrow">
<h2 id="narrow">${ui.narrow}</h2>
<p>${ui.narrowHint}</p>
<form class="narrow" method="get" action="${relativeUrl(dir, dir + first.file)}">
<label>${ui.narrowWords}<input name="q" type="search" maxlength="${bounds.maxKeywordLength}"></label>
<label>${ui.narrowTags}<input name="tag" type="text" maxlength="100"></label>
<label>${ui.narrowSince}<input name="since" type="date"></label>
<label>${ui.narrowLimit}<input name="limit" type="number" min="1" max="${bounds.maxLimit}" placeholder="${bounds.defaultLimit}"></label>
<div class="formats">${buttons}</div>
</form>
</section>`;
}
