// Links to one scope's feeds, in every configured format: autodiscovery in <head>, short links in a
// list, and the subscribe list with each absolute address in a box to copy.
import type { Config } from '../../config/schema.js';
import { formatsFor } from '../formats.js';
import { publicUrl, relativeUrl } from '../urls.js';
import { html, type Html } from './html.js';
import type { UiStrings } from '../strings.js';

export interface Alternate {
  readonly type: string;
  readonly title: string;
  readonly href: string;
}

/** `<link rel="alternate">` targets for the feeds in `dir`, absolute as feed readers store them. */
export function autodiscovery(config: Config, dir: string, title: string): Alternate[] {
  return formatsFor(config.feeds.formats).map((f) => ({
    type: f.mediaType,
    title: `${title} (${f.label})`,
    href: publicUrl(config, dir + f.file),
  }));
}

/** RSS · Atom · JSON Feed links from page folder `from` to the feeds in `dir`. */
export function formatLinks(config: Config, from: string, dir: string): Html {
  const links = formatsFor(config.feeds.formats).map((f) => html`<a href="${relativeUrl(from, dir + f.file)}" type="${f.mediaType}">${f.label}</a>`);
  return html`<span class="formats">${links.map((link, i) => (i === 0 ? link : html` ${link}`))}</span>`;
}

/**
 * One row per format: a link, and the public address to copy (the script adds a Copy button). The address
 * is text that wraps, after each slash, rather than a one-line input: on a phone an input showed only its
 * start, which is the same for every format.
 */
export function subscribeList(config: Config, from: string, dir: string, ui: UiStrings): Html {
  const rows = formatsFor(config.feeds.formats).map(
    (f) => html`
  <li><a href="${relativeUrl(from, dir + f.file)}" type="${f.mediaType}">${f.label}</a><code class="feed-url" aria-label="${ui.feedAddress(f.label)}" data-copy="${ui.copy}" data-copied="${ui.copied}">${breakable(publicUrl(config, dir + f.file))}</code></li>`,
  );
  return html`<ul class="subscribe">${rows}
</ul>`;
}

/** A URL as text a line may break after each slash of its path (`<wbr>`), the characters themselves unchanged. */
function breakable(url: string): Html[] {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?/i.exec(url)?.[0] ?? '';
  const parts = url
    .slice(origin.length)
    .split(/(?<=\/)/)
    .filter((part) => part !== '');
  return [html`${origin}`, ...parts.map((part) => html`<wbr>${part}`)];
}
