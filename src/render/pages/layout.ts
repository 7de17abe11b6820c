// The shell every page shares: language, viewport, title, autodiscovery, style sheet, icon and script.
import { relativeUrl } from '../urls.js';
import { ICON_PATH, SCRIPT_PATH, STYLE_PATH } from './assets.js';
import type { Alternate } from './feed-links.js';
import { html, type Html } from './html.js';

/**
 * Sent with every page. Scripts and styles come only from feedwright's own /assets/ (no inline code, no
 * inline event handlers), so a name that slipped through escaping still could not run. Forms go to
 * feedwright's own feeds only (the query form, docs/guides/query-feeds-and-subscribers.md).
 */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const HTML_TYPE = 'text/html; charset=utf-8';

export interface Page {
  /** The page's folder (`/`, `/tags/<slug>/`): every link is relative to it. */
  readonly dir: string;
  readonly language: string;
  readonly title: string;
  readonly description: string;
  readonly alternates: readonly Alternate[];
  /** `<link rel="outline">` to the OPML list of every feed, on the index. */
  readonly outline?: { readonly title: string; readonly href: string };
  readonly body: Html;
}

export function renderPage(page: Page): string {
  const rel = (path: string): string => relativeUrl(page.dir, path);
  const alternates = page.alternates.map(
    (a) => html`
<link rel="alternate" type="${a.type}" title="${a.title}" href="${a.href}">`,
  );
  const outline =
    page.outline &&
    html`
<link rel="outline" type="text/x-opml" title="${page.outline.title}" href="${page.outline.href}">`;
  return html`<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
<link rel="icon" type="image/svg+xml" href="${rel(ICON_PATH)}">
<link rel="stylesheet" href="${rel(STYLE_PATH)}">${alternates}${outline}
<script src="${rel(SCRIPT_PATH)}" defer></script>
</head>
<body>
${page.body}
</body>
</html>
`.toString();
}
