// Cuts a rendered feed into the part before its items, each item, and the part after. An item's text is
// the same in every feed of a format (nothing in it depends on the scope), so it is rendered once per
// post and shared; only a feed's head and tail are rendered per feed.
//
// The cuts are safe because every text `feed` writes inside an item is on one line (titles, summaries,
// names and ids are `oneLine`, the content is a placeholder) while each item starts on a line of its own
// at a fixed indentation, and JSON strings cannot hold a raw newline.

export interface Cut {
  readonly head: string;
  readonly items: readonly string[];
  readonly tail: string;
}

/** XML from xml-js with 4-space indentation: items start with `open`, the tail with `close`. */
export function cutXml(doc: string, open: string, close: string): Cut {
  const end = doc.lastIndexOf(close);
  const first = doc.indexOf(open);
  if (end === -1) throw new Error(`no ${JSON.stringify(close)} in a rendered feed`);
  if (first === -1 || first > end) return { head: doc.slice(0, end), items: [], tail: doc.slice(end) };
  const items: string[] = [];
  let at = first;
  while (at !== -1 && at < end) {
    const next = doc.indexOf(open, at + open.length);
    const stop = next === -1 || next > end ? end : next;
    items.push(doc.slice(at, stop));
    at = next;
  }
  return { head: doc.slice(0, first), items, tail: doc.slice(end) };
}

const JSON_ITEM_OPEN = '\n    {';
const JSON_ITEM_CLOSE = '\n    }';

/** JSON.stringify(…, null, 2) output whose last member is a non-empty `items` array. */
export function cutJson(doc: string): Cut {
  const start = doc.indexOf('"items": [');
  if (start === -1) throw new Error('no items in a rendered JSON feed');
  const first = doc.indexOf(JSON_ITEM_OPEN, start);
  const items: string[] = [];
  let at = first;
  let last = first;
  while (at !== -1) {
    const close = doc.indexOf(JSON_ITEM_CLOSE, at);
    items.push(doc.slice(at, close + JSON_ITEM_CLOSE.length));
    last = close + JSON_ITEM_CLOSE.length;
    at = doc.startsWith(`,${JSON_ITEM_OPEN}`, last) ? last + 1 : -1;
  }
  return { head: doc.slice(0, first), items, tail: doc.slice(last) };
}
