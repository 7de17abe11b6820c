// Which stored representation a request gets, from its Accept-Encoding (q-values honoured).
import Negotiator from 'negotiator';
import type { Encoding } from '../snapshot/etag.js';

const AVAILABLE: Encoding[] = ['br', 'gzip', 'identity'];

// Aggregators send a handful of distinct Accept-Encoding values; remembering the answer for each keeps
// negotiation off the hot path. Bounded, because the header is chosen by the client.
const memo = new Map<string, Encoding>();
const MEMO_LIMIT = 256;

export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (acceptEncoding === undefined || acceptEncoding === '') return 'identity';
  const known = memo.get(acceptEncoding);
  if (known) return known;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } });
  // Equal q-values: the smallest body wins (br, then gzip). identity;q=0 with nothing else acceptable
  // leaves identity anyway: a feed is better than a 406 for a reader.
  const encodings = negotiator.encodings as (available: Encoding[], options: { preferred: Encoding[] }) => string[];
  const chosen = (encodings.call(negotiator, AVAILABLE, { preferred: AVAILABLE })[0] as Encoding | undefined) ?? 'identity';
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(acceptEncoding, chosen);
  return chosen;
}
