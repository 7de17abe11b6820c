// What a query feed's words are looked for in (docs/guides/query-feeds-and-subscribers.md): a post's content as a reader reads
// it, without markup, folded as names are (fold.ts), so `?q=Harbour` finds "HARBOUR" and "ｈａｒｂｏｕｒ".
import { decodeHTML } from 'entities';
import { foldText } from '../fold.js';
import type { PreparedContent } from './feed-document.js';

/**
 * Characters of a post's text that are searched: a word past them is not found. Posts are at most
 * posts.maxBytes (5 MiB) each; a search cache holding many such texts would hold little else.
 */
export const SEARCHED_CHARACTERS = 256 * 1024;

/** The post's content as folded plain text: elements that are not read (script, style) and every tag removed, entities decoded. */
export function searchText(content: PreparedContent): string {
  const html = content.json.length > 0 ? (JSON.parse(content.json.toString('utf8')) as string) : '';
  // Markup takes room too: a few times the searched characters of HTML hold them, and bound the work.
  const text = html === '' ? content.summary : plainText(html.slice(0, 4 * SEARCHED_CHARACTERS));
  return foldText(text.slice(0, SEARCHED_CHARACTERS)).replace(/\s+/gu, ' ').trim();
}

function plainText(html: string): string {
  const bare = html
    .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/giu, ' ')
    .replace(/<!--[\s\S]*?-->/gu, ' ')
    // A tag is a word break: `<p>one</p><p>two</p>` is two words.
    .replace(/<[^>]*>/gu, ' ');
  return decodeHTML(bare);
}
