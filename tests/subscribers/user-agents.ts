// User-Agents as aggregators, podcast apps and hubs send them, each with where it is documented or shown
// in public: the corpus src/subscribers/agents.ts is tested against. `subscribers` undefined: the agent
// says no count in that form, and the request counts as a poller.

export interface CorpusAgent {
  readonly userAgent: string;
  readonly source: string;
  readonly subscribers: number | undefined;
  readonly feedId?: string;
  readonly seen: string;
}

export const CORPUS: readonly CorpusAgent[] = [
  // The form the issue quotes, and Feedly's own fetcher page; the directory form says `1 subscriber`.
  {
    userAgent: 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 123 subscribers; )',
    source: 'feedly',
    subscribers: 123,
    seen: 'https://feedly.com/fetcher.html',
  },
  {
    userAgent: 'Feedly/1.0 (+https://feedly.com/fetcher.html; 1 subscriber)',
    source: 'feedly',
    subscribers: 1,
    seen: 'https://chrisleverseo.com/user-agents/feedly',
  },
  {
    userAgent: 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)',
    source: 'feedly',
    subscribers: undefined,
    seen: 'access logs quoted in public code',
  },
  // "The Inoreader Fetcher always identifies itself with the following user agent".
  {
    userAgent: 'Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 3 subscribers; )',
    source: 'inoreader',
    subscribers: 3,
    seen: 'https://www.inoreader.com/feed-fetcher',
  },
  {
    userAgent: 'Inoreader/1.0 (+http://www.inoreader.com)',
    source: 'inoreader',
    subscribers: undefined,
    seen: 'https://chrisleverseo.com/user-agents/inoreader/',
  },
  // NewsBlur's Feed.user_agent: count, its site permalink (the feed's id), then a browser's string.
  {
    userAgent:
      'NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com/site/6151183/example-news (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36)',
    source: 'newsblur',
    subscribers: 12,
    feedId: '6151183',
    seen: 'https://github.com/samuelclay/NewsBlur (apps/rss_feeds/models.py)',
  },
  {
    userAgent:
      'NewsBlur Feed Fetcher - 1 subscriber - https://www.newsblur.com/site/42/x (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_3) AppleWebKit/536.2.3 (KHTML, like Gecko) Version/5.2)',
    source: 'newsblur',
    subscribers: 1,
    feedId: '42',
    seen: 'https://github.com/samuelclay/NewsBlur (singular for one subscriber)',
  },
  // NewsBlur's older form: a browser's string first, its own in parentheses at the end.
  {
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_7_1) AppleWebKit/534.48.3 (KHTML, like Gecko) Version/5.1 Safari/534.48.3 (NewsBlur Feed Fetcher - 2 subscribers - http://www.newsblur.com)',
    source: 'newsblur',
    subscribers: 2,
    seen: 'https://github.com/samuelclay/NewsBlur (utils/feed_fetcher.py, 2011)',
  },
  // Feedbin's downloader, and as it shows in a blog's access log (several ids for one feed URL).
  {
    userAgent: 'Feedbin feed-id:1306543 - 3 subscribers',
    source: 'feedbin',
    subscribers: 3,
    feedId: '1306543',
    seen: 'https://github.com/feedbin/feedbin (feed downloader user_agent); popey.com access log',
  },
  {
    userAgent: 'Feedbin feed-id:2000935 - 13 subscribers',
    source: 'feedbin',
    subscribers: 13,
    feedId: '2000935',
    seen: 'popey.com access log, quoted in public code',
  },
  {
    userAgent: 'Mozilla/5.0 (compatible; theoldreader.com; 1 subscribers; feed-id=0719795c4d27c784217b0bc0)',
    source: 'theoldreader',
    subscribers: 1,
    feedId: '0719795c4d27c784217b0bc0',
    seen: 'a public bot list (theoldreader entry)',
  },
  {
    userAgent: 'Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google)',
    source: 'feedspot',
    subscribers: undefined,
    seen: 'https://www.feedspot.com/fs/fetcher',
  },
  { userAgent: 'Bloglovin/1.0 (http://www.bloglovin.com; 1 subscribers)', source: 'bloglovin', subscribers: 1, seen: 'a public list of crawler User-Agents' },
  {
    userAgent: 'Mozilla 5.0 (compatible; BazQux/2.4 +http://bazqux.com/fetcher; 5 subscribers)',
    source: 'bazqux',
    subscribers: 5,
    seen: 'https://bazqux.com/fetcher',
  },
  {
    userAgent: 'FreshReader/2.0 (id: 7; lang: en; http://www.freshreader.com/; 8 subscribers)',
    source: 'freshreader',
    subscribers: 8,
    feedId: '7',
    seen: 'http://www.freshreader.com/ver2/en/manual/55.html',
  },
  {
    userAgent: 'PlainFeeder v0.0.1 (+http://plainfeeder.com/about ; Subscriber Count: 42)',
    source: 'plainfeeder',
    subscribers: 42,
    seen: 'https://www.plainfeeder.com/about',
  },
  // Google Reader's form, which FeedPress asks every fetcher to follow.
  {
    userAgent: 'Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 4 subscribers; feed-id=9048986372668769311)',
    source: 'google',
    subscribers: 4,
    feedId: '9048986372668769311',
    seen: 'https://support.feedpress.com/article/110-how-to-be-a-good-feed-fetcher',
  },
  {
    userAgent: 'Overcast/1.0 Podcast Sync (123 subscribers; feed-id=456789; +http://overcast.fm/)',
    source: 'overcast',
    subscribers: 123,
    feedId: '456789',
    seen: 'https://overcast.fm/podcasterinfo',
  },
  // A hub: Superfeedr names the feed's id but no count (a poller); tornado-hub says its subscribers.
  {
    userAgent: 'Superfeedr bot/2.0 http://superfeedr.com - Make your feeds realtime: get in touch - feed-id:46271263',
    source: 'superfeedr',
    subscribers: undefined,
    feedId: '46271263',
    seen: 'access logs quoted in public code',
  },
  { userAgent: 'tornado-hub (+http://hub.example.org/; 3 subscribers)', source: 'tornado-hub', subscribers: 3, seen: 'tornado-hub (content_fetch_headers)' },
];

/** Clients that are no agent of the table: each is a poller. */
export const OTHERS: readonly string[] = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'NetNewsWire (RSS Reader; https://netnewswire.com/)',
  'Miniflux/2.1.0 (+https://miniflux.app)',
  'FreshRSS/1.24.3 (Linux; https://freshrss.org)',
  'Tiny Tiny RSS/23.01 (https://tt-rss.org/)',
  // A count from an agent the table does not know is not believed: anyone can write one.
  'SomeReader/2.1 (1,204 readers)',
];
