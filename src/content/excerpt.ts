// The text Jekyll takes a post's excerpt from (excerpt.rb): what comes before the separator (the post's
// own `excerpt_separator`, else the site's), with the Liquid blocks the cut left open closed again and
// the link definitions from after it that the excerpt uses. Undefined when there is no separator.
const LIQUID_TAG = /\{%-?\s*(\w+)\s*[\s\S]*?-?%\}/g;
const LINK_DEFINITION = /^ {0,3}(\[[^\]]+\])(:.+)$/gm;

/** Liquid's and Jekyll's block tags: a cut inside one gets its end tag. */
const BLOCKS = new Set(['if', 'unless', 'for', 'case', 'capture', 'comment', 'raw', 'tablerow', 'highlight']);

export function excerptSource(body: string, front: Readonly<Record<string, unknown>> | undefined, siteSeparator: string): string | undefined {
  const own = front?.excerpt_separator;
  const separator = own !== undefined && own !== null && own !== false && own !== '' ? String(own) : siteSeparator;
  if (separator === '') return undefined;
  const at = body.indexOf(separator);
  if (at < 0) return body;
  let head = body.slice(0, at);
  const tail = body.slice(at + separator.length);
  if (tail === '') return head;
  if (head.includes('{%')) head = closeBlocks(head);
  // Only an excerpt with a `[` can use a link definition: the rest of a long post is not searched for one.
  const definitions = head.includes('[') ? [...tail.matchAll(LINK_DEFINITION)].filter((m) => head.includes(m[1] ?? '\0')).map((m) => `${m[1]}${m[2]}`) : [];
  return definitions.length === 0 ? head : `${head}\n\n${definitions.join('\n')}`;
}

/** Jekyll's sanctify_liquid_tags: each block opened in `head` and not ended there is ended after it. */
function closeBlocks(head: string): string {
  const names = [...head.matchAll(LIQUID_TAG)].map((m) => m[1] ?? '');
  let out = head;
  for (const name of names.reverse()) {
    if (!BLOCKS.has(name)) continue;
    if (new RegExp(`\\{%-?\\s*end${name}[\\s\\S]*?\\s*-?%\\}`).test(out)) continue;
    out += `\n{% end${name} %}`;
  }
  return out;
}
