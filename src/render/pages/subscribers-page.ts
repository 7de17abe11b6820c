// GET /subscribers: the publisher's page of who reads each feed (docs/guides/query-feeds-and-subscribers.md), made per
// request from the counts; never cached, never in the snapshot or a static export.
import type { Config } from '../../config/schema.js';
import { oneLine } from '../../posts/text.js';
import { html } from './html.js';
import { renderPage } from './layout.js';

/** One feed's counts: each source's, and their sum. */
export interface SubscriberRow {
  readonly feed: string;
  readonly sources: readonly { readonly source: string; readonly subscribers: number }[];
  readonly total: number;
}

export interface SubscribersFacts {
  /** The UTC day the pollers are counted for. */
  readonly day: string;
  /** Counts of every replica together (cluster), or this one's. */
  readonly shared: boolean;
  readonly rows: readonly SubscriberRow[];
}

export function renderSubscribersPage(facts: SubscribersFacts, config: Config): string {
  const title = `${oneLine(config.site.title)} — subscribers`;
  const rows = facts.rows.map(
    (row) => html`
<tr><td><a href="${row.feed.slice(1)}">${row.feed}</a></td><td>${row.total}</td><td>${row.sources.map((s, i) => html`${i > 0 ? ', ' : ''}${s.source} ${s.subscribers}`)}</td></tr>`,
  );
  const body = html`<header>
<h1>${title}</h1>
<p class="meta">${facts.day} (UTC)${facts.shared ? ' · every replica' : ''}</p>
</header>
<main>
<p>Aggregators count what they report in their User-Agent (the latest report of each, today or yesterday); <em>pollers</em> are distinct other clients that fetched the feed today, or yesterday if that was more, known only by a hash that changes every day. No address or User-Agent is kept.</p>
${
  facts.rows.length > 0
    ? html`<table>
<thead><tr><th>feed</th><th>subscribers</th><th>by source</th></tr></thead>
<tbody>${rows}
</tbody>
</table>`
    : html`<p>No feed has been polled yet today.</p>`
}
</main>`;
  return renderPage({ dir: '/', language: config.site.language, title, description: '', alternates: [], body });
}
