// kramdown's attribute lists: the inside of `{: #id .class key="value" ref}` (IALs, ALDs, extension options), and
// how a list updates an element's attributes. Attribute order is kept as kramdown's Ruby hashes keep it.

/** A parsed list: attributes in order, and the names of ALDs it references. */
export interface AttributeList {
  readonly attrs: Map<string, string>;
  readonly refs: string[];
}

export function emptyList(): AttributeList {
  return { attrs: new Map(), refs: [] };
}

// One item, each preceded by whitespace or the start: key="value" (either quote; \} and the quote escaped), a
// reference to an ALD, or ids and classes run together (#a.b.c).
// biome-ignore lint/suspicious/noControlCharactersInRegex: kramdown's value pattern is `[^\}\2]`, and in a Ruby character class `\2` is the octal escape U+0002, not a back-reference: kramdown stops a value there, and so must we to match it byte for byte.
const ITEM = /(?:^|[ \t\r\n\f\v])(?:(\w[\w-]*)=("|')((?:\\\}|\\\2|[^}\x02])*?)\2|(\w[\w-]*)|((?:#[A-Za-z][\w:-]*|\.[^ \t\r\n\f\v.#]+)+))(?=[ \t\r\n\f\v]|$)/g;
const ID_OR_CLASS = /#([A-Za-z][\w:-]*)|\.([^ \t\r\n\f\v.#]+)/g;

/** Adds what `text` says to `into` (kramdown's parse_attribute_list). Returns false if nothing was found. */
export function parseAttributeList(text: string, into: AttributeList): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === ':') return true;
  let found = false;
  ITEM.lastIndex = 0;
  for (let m = ITEM.exec(text); m; m = ITEM.exec(text)) {
    found = true;
    const [, key, sep, value, ref, idsAndClasses] = m;
    if (ref !== undefined) into.refs.push(ref);
    else if (idsAndClasses !== undefined) {
      ID_OR_CLASS.lastIndex = 0;
      for (let n = ID_OR_CLASS.exec(idsAndClasses); n; n = ID_OR_CLASS.exec(idsAndClasses)) {
        if (n[2] !== undefined) into.attrs.set('class', `${into.attrs.get('class') ?? ''} ${n[2]}`.trimStart());
        else into.attrs.set('id', n[1] ?? '');
      }
    } else if (key !== undefined && sep !== undefined) {
      into.attrs.set(key, (value ?? '').replace(sep === '"' ? /\\(\}|")/g : /\\(\}|')/g, '$1'));
    }
    if (m[0] === '') ITEM.lastIndex++;
  }
  return found;
}

/** `from` added to `into` (update_ial_with_ial): references appended, classes joined, other keys overwritten. */
export function mergeLists(into: AttributeList, from: AttributeList): void {
  into.refs.push(...from.refs);
  for (const [k, v] of from.attrs) {
    if (k === 'class') into.attrs.set(k, `${into.attrs.get(k) ?? ''} ${v}`.trimStart());
    else into.attrs.set(k, v);
  }
}

/**
 * An element's attributes updated with a list (update_attr_with_ial): first every referenced ALD's (in turn with
 * theirs), then the list's own. `depth` stops ALDs that reference each other.
 */
export function applyList(attrs: Map<string, string>, list: AttributeList, alds: ReadonlyMap<string, AttributeList>, depth = 0): void {
  if (depth < 20) {
    for (const ref of list.refs) {
      const ald = alds.get(ref);
      if (ald) applyList(attrs, ald, alds, depth + 1);
    }
  }
  for (const [k, v] of list.attrs) {
    if (k === 'class') attrs.set(k, `${attrs.get(k) ?? ''} ${v}`.trimStart());
    else attrs.set(k, v);
  }
}
