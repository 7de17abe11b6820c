// The aggregators, podcast apps and WebSub hubs that say in their User-Agent how many people they fetch a
// feed for (docs/guides/query-feeds-and-subscribers.md). One row each: a new one is a row here and a line of the test
// corpus (tests/subscribers/user-agents.ts), with the address where its format is documented.

export type AgentKind = 'aggregator' | 'podcast' | 'hub';

export interface AgentFormat {
  /** The `source` of its counts in /status and /metrics: lower-case, stable. */
  readonly source: string;
  /** The name people read (the subscribers page). */
  readonly name: string;
  readonly kind: AgentKind;
  /** Tells this agent's User-Agent from every other's: its own product token, at the start where it is always there. */
  readonly token: RegExp;
  /** Its count, in group 1, when it is not written `N subscribers` (COUNT below). */
  readonly count?: RegExp;
  /** Its own id of the feed, in group 1: one URL may be several feeds to it (each with its subscribers). */
  readonly id?: RegExp;
  /** Where the format is documented or shown. */
  readonly docs: string;
}

/** `123 subscribers`, `1 subscriber`, `1,204 subscribers`; at most 12 digits are read (the rest is no count). */
export const COUNT = /(?:^|[\s(;,:-])(\d{1,3}(?:,\d{3}){1,3}|\d{1,12}) (?:subscribers?|readers)\b/i;

/** `feed-id=abc`, `feed-id:123`, `feedid=…` (Google Reader's form, which others kept). */
const FEED_ID = /\bfeed-?id[=:]([A-Za-z0-9_-]{1,64})/i;

export const AGENTS: readonly AgentFormat[] = [
  {
    source: 'feedly',
    name: 'Feedly',
    kind: 'aggregator',
    token: /(?:^|[\s(;])Feedly\/\d/,
    docs: 'https://feedly.com/fetcher.html',
  },
  {
    source: 'inoreader',
    name: 'Inoreader',
    kind: 'aggregator',
    token: /(?:^Inoreader\/\d|[\s(;]inoreader\.com[;\s)])/i,
    docs: 'https://www.inoreader.com/feed-fetcher',
  },
  {
    source: 'newsblur',
    name: 'NewsBlur',
    kind: 'aggregator',
    token: /NewsBlur Feed Fetcher - /,
    id: /newsblur\.com\/site\/(\d{1,12})\b/,
    docs: 'https://github.com/samuelclay/NewsBlur (apps/rss_feeds/models.py: Feed.user_agent)',
  },
  {
    source: 'feedbin',
    name: 'Feedbin',
    kind: 'aggregator',
    token: /(?:^|[\s(;])Feedbin feed-id:\d/,
    id: /Feedbin feed-id:(\d{1,12})\b/,
    docs: "https://github.com/feedbin/feedbin (the feed downloader's user_agent)",
  },
  {
    source: 'theoldreader',
    name: 'The Old Reader',
    kind: 'aggregator',
    token: /[\s(;]theoldreader\.com;/,
    id: FEED_ID,
    docs: 'https://theoldreader.com (its fetcher: Mozilla/5.0 (compatible; theoldreader.com; N subscribers; feed-id=…))',
  },
  {
    source: 'feedspot',
    name: 'Feedspot',
    kind: 'aggregator',
    token: /(?:^|[\s(;])Feedspot\b/,
    docs: 'https://www.feedspot.com/fs/fetcher',
  },
  {
    source: 'bloglovin',
    name: 'Bloglovin',
    kind: 'aggregator',
    token: /^Bloglovin\/\d/,
    docs: 'https://www.bloglovin.com (its fetcher: Bloglovin/1.0 (http://www.bloglovin.com; N subscribers))',
  },
  {
    source: 'bazqux',
    name: 'BazQux Reader',
    kind: 'aggregator',
    token: /\bBazQux\/\d/,
    docs: 'https://bazqux.com/fetcher',
  },
  {
    source: 'freshreader',
    name: 'Fresh Reader',
    kind: 'aggregator',
    token: /^FreshReader\/\d/,
    id: /\(id: ([A-Za-z0-9_-]{1,64});/,
    docs: 'http://www.freshreader.com/ver2/en/manual/55.html',
  },
  {
    source: 'plainfeeder',
    name: 'PlainFeeder',
    kind: 'aggregator',
    token: /^PlainFeeder v\d/,
    count: /Subscriber Count: (\d{1,12})\b/i,
    docs: 'https://www.plainfeeder.com/about',
  },
  {
    source: 'google',
    name: 'Google Feedfetcher',
    kind: 'aggregator',
    token: /^Feedfetcher-Google\b/,
    id: FEED_ID,
    docs: "https://www.google.com/feedfetcher.html (Google Reader's format, which FeedPress recommends to every fetcher)",
  },
  {
    source: 'overcast',
    name: 'Overcast',
    kind: 'podcast',
    token: /^Overcast\/\d/,
    id: FEED_ID,
    docs: 'https://overcast.fm/podcasterinfo',
  },
  {
    source: 'superfeedr',
    name: 'Superfeedr',
    kind: 'hub',
    token: /^Superfeedr bot\/\d/,
    id: FEED_ID,
    docs: 'https://documentation.superfeedr.com/publishers.html',
  },
  {
    source: 'tornado-hub',
    name: 'tornado-hub',
    kind: 'hub',
    token: /^tornado-hub \(\+/,
    docs: 'tornado-hub, a PubSubHubbub hub on Tornado: its fetches send `tornado-hub (+<hub URL>; N subscribers)`',
  },
];
