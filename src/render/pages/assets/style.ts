// The one style sheet of the pages and of feeds shown through their XSLT stylesheet: system fonts with
// CJK fallbacks, light and dark, one column that fits a phone.
export const STYLE = `:root {
  color-scheme: light dark;
  --fg: #1b1b1f; --muted: #5b5e66; --bg: #fff; --line: #e3e4e8; --accent: #b3410e; --chip: #f4f4f6;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e7e7ea; --muted: #a3a6ad; --bg: #17181b; --line: #2e3036; --accent: #f59a5f; --chip: #23252a; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 46rem; padding: 1.25rem 1rem 3rem; color: var(--fg); background: var(--bg);
  font: 1rem/1.65 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
  overflow-wrap: anywhere;
}
a { color: var(--accent); text-underline-offset: .18em; }
/* Titles and names are links by their place and colour; an underline under each made the lists heavy. */
.items h3 a, .scopes .name { text-decoration: none; }
.items h3 a:hover, .items h3 a:focus-visible, .scopes .name:hover, .scopes .name:focus-visible { text-decoration: underline; }
/* Taller to a finger than their text (WCAG 2.5.8: 24 px); padding on an inline link moves no line. */
.items h3 a { padding: .2rem 0; }
.pager a { display: inline-block; padding: .3rem 0; }
h1 { font-size: 1.75rem; line-height: 1.3; margin: .25rem 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; line-height: 1.4; margin: 0; }
p { margin: .5rem 0; }
.lead, .meta, .crumbs, footer { color: var(--muted); }
.crumbs, .meta, footer { font-size: .875rem; }
.notice { padding: .75rem 1rem; border: 1px solid var(--line); border-left: .3rem solid var(--accent); border-radius: .3rem; background: var(--chip); }
.subscribe { list-style: none; padding: 0; margin: .75rem 0; display: grid; gap: .5rem; }
.subscribe li { display: grid; grid-template-columns: 6rem minmax(0, 1fr) auto; gap: .5rem; align-items: center; }
/* The whole address, wrapping after a slash (<wbr>) on a narrow screen; one tap selects all of it. */
.feed-url {
  display: block; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--chip); color: var(--fg);
  font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere;
  -webkit-user-select: all; user-select: all;
}
button { font: inherit; font-size: .85rem; padding: .3rem .75rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--chip); color: var(--fg); cursor: pointer; }
.narrow { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .5rem 1rem; margin: .75rem 0; }
.narrow label { display: grid; gap: .2rem; font-size: .875rem; color: var(--muted); }
.narrow input { font: inherit; color: var(--fg); padding: .35rem .5rem; border: 1px solid var(--line); border-radius: .3rem; background: var(--bg); }
.narrow .formats { grid-column: 1 / -1; gap: .5rem; }
.filter { margin: 1.5rem 0 0; }
.filter input { width: 100%; font: inherit; padding: .5rem .75rem; border: 1px solid var(--line); border-radius: .4rem; background: var(--bg); color: var(--fg); }
.filter output { display: block; font-size: .875rem; color: var(--muted); margin-top: .25rem; }
.scopes, .items { list-style: none; padding: 0; margin: 0; }
.scopes li { display: flex; flex-wrap: wrap; align-items: baseline; gap: .1rem .75rem; padding: .5rem 0; border-bottom: 1px solid var(--line); }
.scopes .name { font-weight: 600; margin-right: auto; }
.formats { display: inline-flex; flex-wrap: wrap; gap: 0 .9rem; font-size: .875rem; }
/* Taller than their text, so that a finger finds them (WCAG 2.5.8: 24 px). */
.formats a { display: inline-block; padding: .2rem 0; }
.items li { padding: .85rem 0; border-bottom: 1px solid var(--line); }
.items .meta { margin: .1rem 0 0; }
.items .summary { margin: .3rem 0 0; }
footer { margin-top: 2.5rem; }
[hidden] { display: none !important; }
@media (max-width: 30rem) {
  /* The format's name above its address and Copy: more room between formats than within one. */
  .subscribe { gap: 1rem; }
  .subscribe li { grid-template-columns: minmax(0, 1fr) auto; row-gap: .25rem; }
  .subscribe li > a { grid-column: 1 / -1; }
}
`;
