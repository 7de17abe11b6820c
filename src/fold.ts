// The one way two spellings of a name or word are made equal: the posts' categories, tags and authors
// (posts/taxonomy.ts) and the words a query feed looks for (feed-query.ts) fold alike.

/**
 * Unicode NFKC (full-width letters, ligatures) plus case folding. JavaScript has no `casefold`; upper-
 * then lower-casing folds the cases that matter (ß→ss, final sigma) as case folding does.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
