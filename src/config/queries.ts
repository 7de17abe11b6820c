// The config's `queries:` (query feeds: any feed URL narrowed by parameters, their bounds and the saved
// ones; docs/guides/query-feeds-and-subscribers.md) and `subscribers:` (who reads the feeds; docs/guides/query-feeds-and-subscribers.md) sections.
import { z } from 'zod';
import { parseFeedQuery } from '../feed-query.js';

/** A query kept under a name: served at /queries/<name>/<format file>, listed in the OPML, built. */
const savedQuery = z.strictObject({
  name: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be 1–64 lower-case letters, digits or inner hyphens'),
  /** The feed's title (and the OPML's); default the scope's feed title with the query described. */
  title: z.string().min(1).max(200).optional(),
  /** The scope narrowed: `/`, or a category's, tag's or author's folder. */
  scope: z
    .string()
    .regex(/^\/(?:(?:categories|tags|authors)\/[^/?#]+\/)?$/, 'must be / or a scope folder such as /categories/news/, /tags/<slug>/ or /authors/<slug>/')
    .default('/'),
  /** A query string as a feed URL takes it, without `?`: `tag=harbour&q=ferry -bus`. */
  query: z.string().min(1).max(2000),
});

const bounds = {
  /** Parameters in one query string, known or not. */
  maxParameters: z.number().int().min(1).max(64).default(16),
  /** Characters of `q`. */
  maxKeywordLength: z.number().int().min(1).max(1000).default(100),
  /** The most posts `limit` may ask for. */
  maxLimit: z.number().int().min(1).max(1000).default(100),
  /** Posts a keyword filter reads, newest first, after the other parameters narrowed them. */
  maxScan: z.number().int().min(1).max(100_000).default(1000),
  /** Distinct query feeds kept rendered (each in each format counts once); 0 keeps none. */
  cached: z.number().int().min(0).max(100_000).default(500),
  /** CPU one rendering may take before it is given up (503, Retry-After: what it read is kept for the next try). */
  renderBudgetMs: z.number().int().min(1).max(60_000).default(250),
  /** Share of one core that renderings of query feeds may take in all: the fixed feeds keep the rest. */
  cpuShare: z.number().min(0.01).max(1).default(0.05),
  /** Renderings (not cached answers) one client may cause per minute; more are 429. */
  perClientPerMinute: z.number().int().min(1).max(100_000).default(60),
};

export const queriesSection = z
  .strictObject({
    /** Feed URLs take query parameters; off: a query string is ignored, as before. */
    enabled: z.boolean().default(true),
    ...bounds,
    saved: z
      .array(savedQuery)
      .max(1000)
      .refine((a) => new Set(a.map((q) => q.name)).size === a.length, { message: 'must not repeat a name' })
      .default([]),
  })
  .superRefine((q, ctx) => {
    // Checked as a request would be, but for the date, whose zone the site's section says.
    const check = { maxParameters: q.maxParameters, maxKeywordLength: q.maxKeywordLength, maxLimit: q.maxLimit, defaultLimit: 1 };
    q.saved.forEach((saved, i) => {
      const parsed = parseFeedQuery(saved.query, check, (text) => (/^\d{4}-\d{1,2}-\d{1,2}/.test(text) ? 0 : undefined));
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason, path: ['saved', i, 'query'] });
    });
  })
  .prefault({});

export const subscribersSection = z
  .strictObject({
    /** Count subscribers per feed: what aggregators report, and distinct other pollers a day. */
    enabled: z.boolean().default(true),
    /** GET /subscribers: `off`, `secret` (the webhook's secret as a Bearer token or Basic password), or `public`. */
    page: z.enum(['off', 'secret', 'public']).default('off'),
    /** A reported count above this is not believed (left out, and counted as a rejected report). */
    maxReported: z.number().int().min(1).max(1_000_000_000).default(1_000_000),
    /** Feeds counted at once; the fixed feeds and saved queries first, then query feeds as they come. */
    maxFeeds: z.number().int().min(1).max(1_000_000).default(2000),
    /** Distinct pollers counted per feed and day; past it the count stops there (and says so). */
    maxPollersPerFeed: z.number().int().min(1).max(10_000_000).default(100_000),
  })
  .prefault({});
