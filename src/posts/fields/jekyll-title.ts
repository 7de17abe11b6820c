// A post title as jekyll-feed shows it: `{{ post.title | smartify | strip_html | normalize_whitespace }}`
// (jekyll-feed 0.17 lib/jekyll-feed/feed.xml:57), as plain text, so a Jekyll site's titles stay the same.
//
// `smartify` is Jekyll's SmartyPants converter (jekyll 4.3 lib/jekyll/converters/smartypants.rb): kramdown 2.4's
// span parsers smart_quotes, html_entity, typographic_syms and span_html, output by kramdown's HTML converter
// with `entity_output: as_char`. This ports those parsers' rules (parser/kramdown/smart_quotes.rb,
// typographic_symbol.rb, html_entity.rb, html.rb), then Liquid's strip_html and Jekyll's normalize_whitespace,
// and finally decodes the few entities left (`&amp;`, `&lt;`, `&gt;`): feedwright escapes on output.
// Ruby's \w, \s, \d and \b are ASCII-only, so are the classes here. Not ported: kramdown's block-level HTML
// beyond "a block tag at the start of a line keeps its content raw" (nested blocks, indentation).
import { decodeHTML } from 'entities';

// Ruby's \s (ASCII only: no U+00A0, no U+3000).
const S = '[ \\t\\r\\n\\f\\v]';
const SQ_PUNCT = '[!"#$%\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]';
const SQ_CLOSE = '[^ \\\\\\t\\r\\n\\[{(\\-]';

type Quote = 'lsquo' | 'rsquo' | 'ldquo' | 'rdquo';
const QUOTE_CHAR: Record<Quote, string> = { lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201C', rdquo: '\u201D' };
/** What a rule emits: a capture group as text, a fixed quote, or "the quote in this group, opening/closing". */
type Step = number | Quote | { open: boolean; group: number };

// kramdown SQ_RULES, in order; the first that matches at the position wins. `\B` after SQ_PUNCT and `s\b` are
// written out below, since they depend on ASCII word characters. `$` is Ruby's end of line.
const SQ_RULES: readonly (readonly [RegExp, readonly Step[]])[] = [
  [/(["'])(?=[_*]{1,2}[^ \t\r\n\f\v])/uy, [{ open: true, group: 1 }]],
  [new RegExp(`(["'])(?=${SQ_PUNCT}(?!\\.\\.)(?:(?<=\\w)(?=\\w)|(?<!\\w)(?!\\w)))`, 'uy'), [{ open: false, group: 1 }]],
  [new RegExp(`(${S}?)"'(?=\\w)`, 'uy'), [1, 'ldquo', 'lsquo']],
  [new RegExp(`(${S}?)'"(?=\\w)`, 'uy'), [1, 'lsquo', 'ldquo']],
  [new RegExp(`(${S}?)'(?=\\d\\ds)`, 'uy'), [1, 'rsquo']],
  [new RegExp(`(${S})(['"])(?=\\w)`, 'uy'), [1, { open: true, group: 2 }]],
  [new RegExp(`(${SQ_CLOSE})(['"])`, 'uy'), [1, { open: false, group: 2 }]],
  [new RegExp(`(["'])(?=${S}|s\\b|\\n|$)`, 'uy'), [{ open: false, group: 1 }]],
  [/([\s\S]?)'/uy, [1, 'lsquo']],
  [/([\s\S]?)"/uy, [1, 'ldquo']],
];

// kramdown TYPOGRAPHIC_SYMS, in order, as kramdown's HTML converter writes them with entity_output as_char.
const TYPOGRAPHIC: readonly (readonly [string, string])[] = [
  ['---', '\u2014'],
  ['--', '\u2013'],
  ['...', '\u2026'],
  ['\\<<', '&lt;&lt;'],
  ['\\>>', '&gt;&gt;'],
  ['<< ', '\u00AB\u00A0'],
  [' >>', '\u00A0\u00BB'],
  ['<<', '\u00AB'],
  ['>>', '\u00BB'],
];

// REXML's UNAME_STR: a tag name.
const UNAME = '(?:[\\p{L}\\p{M}_][\\-\\p{L}\\p{M}\\p{N}._]*:)?[\\p{L}\\p{M}_][\\-\\p{L}\\p{M}\\p{N}._]*';
const COMMENT_RE = /<!--[\s\S]*?-->/uy;
const TAG_CLOSE_RE = new RegExp(`</(${UNAME})${S}*>`, 'uy');
const TAG_RE = new RegExp(`<(${UNAME})${S}*((?:${S}+${UNAME}(?:${S}*=${S}*(?:[\\p{L}\\p{M}\\p{N}_]+|(["'])[\\s\\S]*?\\3))?)*)${S}*(/)?>`, 'uy');
const ENTITY_RE = /&(?:([A-Za-z0-9_:][-A-Za-z0-9_.:]*);|#(\d+);|#x([0-9a-fA-F]+);)/uy;
// Where a span parser may start (kramdown's @span_start): a quote with the character before it, `&`, a
// typographic symbol, a tag.
const SPAN_START = new RegExp(`(?=[^\\\\]?["']|&|--|\\.\\.\\.|(?:\\\\| )?(?:<<|>>)|<(?:${UNAME}|!--|/))`, 'gu');

// kramdown's HTML tables (parser/html.rb), the parts that matter for text.
const BLOCK_ELEMENTS = new Set(
  'address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul'.split(
    ' ',
  ),
);
const SPAN_ELEMENTS = new Set(
  'a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup tt u var'.split(
    ' ',
  ),
);
const RAW_ELEMENTS = new Set('script style math option textarea pre code kbd samp var'.split(' '));
const EMPTY_ELEMENTS = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));

// kramdown's entity table (utils/entities.rb): HTML 4's names only; an unknown name is text.
const ENTITY_NAMES = new Set(
  'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega sigmaf thetasym upsih piv zwnj zwj lrm rlm hellip prime Prime oline frasl weierp image real alefsym bull trade larr rarr uarr darr harr crarr uArr dArr lArr rArr hArr forall part exist empty nabla isin ni notin sum prod minus lowast radic prop infin ang and or cap cup int there4 sim asymp cong ne equiv le ge sub sup sube supe nsub oplus otimes perp sdot vellip rceil lceil lfloor rfloor rang lang loz spades clubs hearts diams amp quot apos copy lt gt OElig oelig Scaron scaron Yuml circ tilde ndash mdash lsquo rsquo ldquo rdquo dagger Dagger permil euro lsaquo rsaquo nbsp iexcl pound curren yen brvbar sect uml laquo raquo reg ordf not shy macr deg plusmn acute micro para middot cedil ordm cent sup1 sup2 sup3 frac12 frac14 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml sbquo fnof bdquo ensp emsp thinsp'.split(
    ' ',
  ),
);
// kramdown maps the Windows-1252 code points 128–159 of a numeric reference to the characters they stand for.
const CP1252: Readonly<Record<number, number>> = {
  128: 8364,
  130: 8218,
  131: 402,
  132: 8222,
  133: 8230,
  134: 8224,
  135: 8225,
  136: 710,
  137: 8240,
  138: 352,
  139: 8249,
  140: 338,
  142: 381,
  145: 8216,
  146: 8217,
  147: 8220,
  148: 8221,
  149: 8226,
  150: 8211,
  151: 8212,
  152: 732,
  153: 8482,
  154: 353,
  155: 8250,
  156: 339,
  158: 382,
  159: 376,
};

/** An entity as kramdown writes it with as_char: the character, except the three HTML must escape. */
function entityOut(char: string): string {
  return char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : char;
}

/** kramdown's escape_html(:text): `<`, `>` and any `&` that does not start a character reference. */
function escapeText(text: string): string {
  return text.replace(/&(?:[A-Za-z0-9_:][-A-Za-z0-9_.:]*;|#\d+;|#x[0-9a-fA-F]+;)|[<>&]/gu, (m) => (m.length > 1 ? m : entityOut(m)));
}

/** Matches a sticky regex at `pos`, or null. */
function at(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

const isLineStart = (s: string, pos: number): boolean => /(?:^|\n) {0,3}$/u.test(s.slice(Math.max(0, pos - 4), pos)) || pos === 0;

/** `smartify` as HTML: kramdown's SmartyPants parse of `s` written back by kramdown's HTML converter. */
export function smartifyHtml(s: string): string {
  let out = '';
  let text = '';
  const flush = (): void => {
    out += escapeText(text);
    text = '';
  };
  // Open span elements, innermost last: a closing tag ends the innermost one only (kramdown's stop_re).
  const open: { name: string; raw: boolean; caseless: boolean }[] = [];
  let pos = 0;
  while (pos < s.length) {
    const inner = open.at(-1);
    const raw = inner?.raw ?? false;
    // Find the next place a parser may start, or the end tag of the innermost element.
    let next = s.length;
    if (!raw) {
      SPAN_START.lastIndex = pos;
      const m = SPAN_START.exec(s);
      if (m) next = m.index;
    } else {
      const lt = s.indexOf('<', pos);
      if (lt >= 0) next = lt;
    }
    if (inner) {
      const stop = new RegExp(`</${inner.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${S}*>`, inner.caseless ? 'giu' : 'gu');
      stop.lastIndex = pos;
      const m = stop.exec(s);
      if (m && m.index <= next) {
        text += s.slice(pos, m.index);
        flush();
        out += `</${inner.name}>`;
        open.pop();
        pos = m.index + m[0].length;
        continue;
      }
    }
    text += s.slice(pos, next);
    pos = next;
    if (pos >= s.length) break;
    const consumed = raw ? parseTag(s, pos, true) : (parseQuote(s, pos) ?? parseEntity(s, pos) ?? parseTypographic(s, pos) ?? parseTag(s, pos, false));
    if (!consumed) {
      const ch = String.fromCodePoint(s.codePointAt(pos) ?? 0);
      text += ch;
      pos += ch.length;
      continue;
    }
    text += consumed.text ?? '';
    if (consumed.html !== undefined) {
      flush();
      out += consumed.html;
    }
    if (consumed.open) open.push(consumed.open);
    pos = consumed.end;
  }
  flush();
  for (const el of open.reverse()) out += `</${el.name}>`;
  return out;

  interface Consumed {
    readonly end: number;
    /** Text to add before `html` (escaped with the rest of the text). */
    readonly text?: string;
    /** Output written as is. */
    readonly html?: string;
    readonly open?: { name: string; raw: boolean; caseless: boolean };
  }

  function parseQuote(str: string, p: number): Consumed | null {
    if (!/^[^\\]?["']/u.test(str.slice(p, p + 3))) return null;
    for (const [re, steps] of SQ_RULES) {
      const m = at(re, str, p);
      if (!m) continue;
      let before = '';
      let html = '';
      for (const step of steps) {
        if (typeof step === 'number') {
          // Text before any quote goes to the text run; kramdown adds it with add_text.
          if (html === '') before += m[step] ?? '';
          else html += escapeText(m[step] ?? '');
        } else if (typeof step === 'string') html += QUOTE_CHAR[step];
        else html += QUOTE_CHAR[m[step.group] === '"' ? (step.open ? 'ldquo' : 'rdquo') : step.open ? 'lsquo' : 'rsquo'];
      }
      return { end: p + m[0].length, text: before, html };
    }
    return null;
  }

  function parseEntity(str: string, p: number): Consumed | null {
    const m = at(ENTITY_RE, str, p);
    if (!m) return null;
    const [, name, dec, hex] = m;
    let cp: number | undefined;
    if (name !== undefined) {
      // An unknown name is `&amp;` and the rest as text (kramdown's rescue in parse_html_entity).
      if (!ENTITY_NAMES.has(name)) return { end: p + 1, html: '&amp;' };
      return { end: p + m[0].length, html: entityOut(decodeHTML(`&${name};`)) };
    }
    cp = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
    cp = CP1252[cp] ?? cp;
    // A code point JavaScript cannot hold, or a lone surrogate, is kept as written (kramdown: as_input).
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { end: p + m[0].length, html: m[0] };
    return { end: p + m[0].length, html: entityOut(String.fromCodePoint(cp)) };
  }

  function parseTypographic(str: string, p: number): Consumed | null {
    for (const [from, to] of TYPOGRAPHIC) if (str.startsWith(from, p)) return { end: p + from.length, html: to };
    return null;
  }

  /** A comment, or a tag kramdown keeps as HTML; everything else starting with `<` is text. */
  function parseTag(str: string, p: number, rawContext: boolean): Consumed | null {
    if (str[p] !== '<') return null;
    const comment = at(COMMENT_RE, str, p);
    if (comment) return { end: p + comment[0].length, html: comment[0] };
    if (at(TAG_CLOSE_RE, str, p)) return null; // a closing tag with nothing open: text
    const m = at(TAG_RE, str, p);
    if (!m) return null;
    const given = m[1] ?? '';
    const known =
      BLOCK_ELEMENTS.has(given.toLowerCase()) ||
      SPAN_ELEMENTS.has(given.toLowerCase()) ||
      RAW_ELEMENTS.has(given.toLowerCase()) ||
      EMPTY_ELEMENTS.has(given.toLowerCase());
    const name = known ? given.toLowerCase() : given;
    const end = p + m[0].length;
    // A block tag inside a line is text; at the start of a line it is block HTML with raw content
    // (kramdown's parse_block_html; parse_block_html is off in Jekyll's defaults).
    let rawContent = rawContext || RAW_ELEMENTS.has(name);
    if (BLOCK_ELEMENTS.has(name) && !SPAN_ELEMENTS.has(name)) {
      if (rawContext || !isLineStart(str, p)) return null;
      rawContent = true;
    }
    if (m[4] !== undefined || EMPTY_ELEMENTS.has(name)) return { end, html: `<${name} />` };
    return { end, html: `<${name}>`, open: { name, raw: rawContent, caseless: known } };
  }
}

/** Liquid's strip_html (liquid 4 standardfilters.rb: STRIP_HTML_BLOCKS, then STRIP_HTML_TAGS). */
export function stripHtml(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<!--[\s\S]*?-->|<style[\s\S]*?<\/style>/gu, '').replace(/<[\s\S]*?>/gu, '');
}

/** Jekyll's normalize_whitespace: Ruby's ASCII \s runs become one space, then String#strip. */
export function normalizeWhitespace(s: string): string {
  return s.replace(/[ \t\r\n\f\v]+/gu, ' ').replace(/^[ \t\r\n\f\v\0]+|[ \t\r\n\f\v\0]+$/gu, '');
}

/** The title text jekyll-feed writes for `title` (entities decoded: the caller escapes for its format). */
export function jekyllTitleText(title: string): string {
  return decodeHTML(normalizeWhitespace(stripHtml(smartifyHtml(title))));
}
