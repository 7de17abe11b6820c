// Each answered request for a feed, told to the subscriber counts (docs/guides/query-feeds-and-subscribers.md): its
// User-Agent and address are read here, and go no further than the counts' table lookup and keyed hash.
import type { IncomingMessage } from 'node:http';
import type { SubscriberCounts } from '../subscribers/counts.js';
import { clientAddress } from './client-address.js';

/** `feed`: the path (a query feed: its `path?canonical`); `fixed`: one of the snapshot's feeds or a saved query. */
export type FeedPolled = (req: IncomingMessage, feed: string, fixed: boolean, status: number) => void;

export function feedPolls(counts: SubscriberCounts, trustProxy: number | readonly string[]): FeedPolled {
  const addressOf = clientAddress(trustProxy);
  return (req, feed, fixed, status) => {
    // A poll is an answer a reader can use: the feed, or "not modified". Errors and refusals are not.
    if (status !== 200 && status !== 304) return;
    counts.saw({ feed, fixed, userAgent: req.headers['user-agent'], address: addressOf(req), target: req.url ?? '' });
  };
}
