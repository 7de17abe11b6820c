// What kramdown takes for HTML (Kramdown::Parser::Html::Constants): its tag, comment and attribute patterns and
// its element tables, which decide whether a tag starts a block, what is parsed inside it and how it is written.

// REXML's UNAME_STR: a name, optionally prefixed (`svg:rect`); letters and digits in Unicode's sense, as Ruby's
// [[:alpha:]]/[[:alnum:]].
const NAME = String.raw`[\p{Alphabetic}_][-\p{Alphabetic}\p{Nd}._]*`;
export const UNAME = `(?:${NAME}:)?${NAME}`;
const WORD = String.raw`[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}]`;
const WS = String.raw`[ \t\r\n\f\v]`;

// A start tag: name, attributes (values bare words or quoted), optional `/`. The attribute run is atomic in
// kramdown ((?>…)); `(?=(…))\N` is the same in JavaScript and keeps a tag without `>` from backtracking.
export const HTML_TAG = String.raw`<(${UNAME})${WS}*(?=((?:${WS}+${UNAME}(?:${WS}*=${WS}*(?:${WORD}+|("|')[^]*?\3))?)*))\2${WS}*(\/)?>`;
export const HTML_TAG_CLOSE = String.raw`<\/(${UNAME})${WS}*>`;
export const HTML_COMMENT = '<!--([^]*?)-->';
export const HTML_INSTRUCTION = String.raw`<\?([^]*?)\?>`;
export const HTML_ENTITY = String.raw`&([\w:][-\w.:]*);|&#(\d+);|&#x([0-9a-fA-F]+);`;

const ATTRIBUTE = new RegExp(String.raw`${WS}*(${UNAME})(?:${WS}*=${WS}*(?:(${WORD}+)|("|')([^]*?)\3))?`, 'gu');

/** kramdown's parse_html_attributes: names lower-cased for HTML's own elements, a bare name valued "". */
export function parseHtmlAttributes(text: string, lowerCase: boolean): Map<string, string> {
  const attrs = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    if (m[0] === '') {
      ATTRIBUTE.lastIndex++;
      continue;
    }
    const name = lowerCase ? (m[1] ?? '').toLowerCase() : (m[1] ?? '');
    attrs.set(name, m[2] ?? m[4] ?? '');
  }
  return attrs;
}

export type ContentModel = 'block' | 'span' | 'raw';

const BLOCK_MODEL =
  'address applet article aside blockquote body dd details div dl fieldset figure figcaption footer form header hgroup iframe li main map menu nav noscript object section summary td';
const SPAN_MODEL =
  'a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt';
const RAW_MODEL = 'script style math option textarea pre code kbd samp var';
const CONTENT_MODEL = new Map<string, ContentModel>([
  ...BLOCK_MODEL.split(' ').map((n) => [n, 'block'] as const),
  ...SPAN_MODEL.split(' ').map((n) => [n, 'span'] as const),
  ...RAW_MODEL.split(' ').map((n) => [n, 'raw'] as const),
]);

/** What kramdown parses inside an element when asked to (markdown="1", parse_block_html): raw for unknown names. */
export function contentModelOf(name: string): ContentModel {
  return CONTENT_MODEL.get(name) ?? 'raw';
}

export const SPAN_ELEMENTS: ReadonlySet<string> = new Set(
  'a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var'.split(
    ' ',
  ),
);
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set(
  'address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul'.split(
    ' ',
  ),
);
export const ELEMENTS_WITHOUT_BODY: ReadonlySet<string> = new Set(
  'area base br col command embed hr img input keygen link meta param source track wbr'.split(' '),
);

const KNOWN = new Set<string>([...SPAN_ELEMENTS, ...BLOCK_ELEMENTS, ...ELEMENTS_WITHOUT_BODY, ...CONTENT_MODEL.keys()]);

/** HTML's own elements: their names (and attribute names) are read case-insensitively. */
export function isHtmlElement(lowerName: string): boolean {
  return KNOWN.has(lowerName);
}

/** `markdown="…"` on an element: 0 raw, 1 the element's default, span, block. */
export const MARKDOWN_ATTR: ReadonlyMap<string, 'raw' | 'default' | 'span' | 'block'> = new Map([
  ['0', 'raw'],
  ['1', 'default'],
  ['span', 'span'],
  ['block', 'block'],
]);
