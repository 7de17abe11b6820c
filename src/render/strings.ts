// The words people read, in the site's language (English unless it is Chinese): the pages, the OPML list and the
// feed stylesheets all take theirs from here.
export interface UiStrings {
  readonly subscribe: string;
  readonly siteFeeds: string;
  readonly categories: string;
  readonly tags: string;
  readonly authors: string;
  readonly posts: (n: number) => string;
  readonly newest: string;
  readonly latest: string;
  readonly noPosts: string;
  readonly feedAddress: (format: string) => string;
  readonly subscribeHint: string;
  readonly copy: string;
  readonly copied: string;
  readonly filterLabel: string;
  /** The filter box's label on the /categories/, /tags/ and /authors/ lists. */
  readonly filterCategories: string;
  readonly filterTags: string;
  readonly filterAuthors: string;
  /** `{shown}` and `{total}` are filled in by the script. */
  readonly filterStatus: string;
  readonly noMatch: string;
  readonly allFeeds: string;
  readonly opml: string;
  readonly feedIntro: string;
  readonly feedHowTo: string;
  /** Links between a scope's page and the pages of its older posts (docs/reference/feeds.md "History: archive pages"). */
  readonly olderPosts: string;
  readonly newerPosts: string;
  readonly olderPage: (n: number) => string;
  /** The OPML list's folder of saved queries, and the form that makes a query feed (docs/guides/query-feeds-and-subscribers.md). */
  readonly savedQueries: string;
  readonly narrow: string;
  readonly narrowHint: string;
  readonly narrowWords: string;
  readonly narrowTags: string;
  readonly narrowSince: string;
  readonly narrowLimit: string;
}

const EN: UiStrings = {
  subscribe: 'Subscribe',
  siteFeeds: 'Subscribe to the whole site',
  categories: 'Categories',
  tags: 'Tags',
  authors: 'Authors',
  posts: (n) => (n === 1 ? '1 post' : `${n} posts`),
  newest: 'newest',
  latest: 'Latest posts',
  noPosts: 'No posts yet.',
  feedAddress: (format) => `${format} feed address`,
  subscribeHint: 'Copy a feed address into your feed reader to get new posts as they appear.',
  copy: 'Copy',
  copied: 'Copied',
  filterLabel: 'Filter categories and tags',
  filterCategories: 'Filter categories',
  filterTags: 'Filter tags',
  filterAuthors: 'Filter authors',
  filterStatus: '{shown} of {total} shown',
  noMatch: 'Nothing matches.',
  allFeeds: 'All feeds',
  opml: 'Every feed as an OPML list, to import into a feed reader',
  feedIntro: 'This is a web feed, meant for feed readers.',
  feedHowTo: 'To subscribe, copy the address of this page into your feed reader.',
  olderPosts: 'Older posts',
  newerPosts: 'Newer posts',
  olderPage: (n) => `older posts, page ${n}`,
  savedQueries: 'Saved queries',
  narrow: 'A feed of your own',
  narrowHint: 'Only the posts you want: fill in what you like, pick a format, and subscribe to the address it opens.',
  narrowWords: 'Words (-word leaves posts out, "a phrase" in quotes)',
  narrowTags: 'Tag',
  narrowSince: 'Published since',
  narrowLimit: 'Posts',
};

const ZH: UiStrings = {
  subscribe: '订阅',
  siteFeeds: '订阅全站',
  categories: '分类',
  tags: '标签',
  authors: '作者',
  posts: (n) => `${n} 篇`,
  newest: '最新',
  latest: '最新文章',
  noPosts: '还没有文章。',
  feedAddress: (format) => `${format} 订阅地址`,
  subscribeHint: '把订阅地址复制到你的阅读器里，新文章发布后就会收到。',
  copy: '复制',
  copied: '已复制',
  filterLabel: '筛选分类和标签',
  filterCategories: '筛选分类',
  filterTags: '筛选标签',
  filterAuthors: '筛选作者',
  filterStatus: '显示 {shown} / {total}',
  noMatch: '没有匹配项。',
  allFeeds: '全部订阅源',
  opml: '全部订阅源的 OPML 列表，可一次导入阅读器',
  feedIntro: '这是一个订阅源（feed），供阅读器使用。',
  feedHowTo: '要订阅，请把本页地址复制到你的阅读器里。',
  olderPosts: '更早的文章',
  newerPosts: '更新的文章',
  olderPage: (n) => `更早的文章 第 ${n} 页`,
  savedQueries: '保存的查询',
  narrow: '定制订阅源',
  narrowHint: '只要你想看的文章：填写条件，选一种格式，然后订阅打开的地址。',
  narrowWords: '关键词（-词 排除，"短语" 加引号）',
  narrowTags: '标签',
  narrowSince: '发布时间不早于',
  narrowLimit: '文章数',
};

export function uiStrings(language: string): UiStrings {
  return language.toLowerCase().startsWith('zh') ? ZH : EN;
}
