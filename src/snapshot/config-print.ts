// The part of the config that reaches a document's bytes: a document's signature (build.ts) and the warm
// cache's validity (cache/) depend on it alone, so that moving the port, the log level, the webhook
// secret or a retry count neither renders every document again nor throws a warm cache away.
import type { Config } from '../config/schema.js';

/**
 * Every key whose value reaches a byte served, as a path into the Config (a section stands for all its
 * keys). `cache` is here: its maxAge is the RSS <ttl>. `websub.hubs` is here: feeds link the hubs.
 */
export const RENDERED_KEYS = [
  'site',
  'timezone',
  'authors',
  'feeds',
  'media',
  'podcasts',
  'content',
  'opml',
  'cache',
  'websub.hubs',
  // Pages carry the query form when it is on; the OPML lists the saved queries.
  'queries.enabled',
  'queries.saved',
  'posts.include',
  'posts.exclude',
  'posts.layout',
  'posts.drafts',
  'posts.future',
  'posts.markdown',
  'posts.maxBytes',
  'posts.defaults',
  'posts.excerptSeparator',
  'posts.git.url',
  'posts.git.branch',
  'posts.git.subdir',
] as const;

/**
 * Every other key, and why it changes no byte. tests/snapshot/config-print.test.ts fails on a config key
 * in neither list: a new key must be placed, since a key wrongly left out serves stale bytes after a warm
 * start, and one wrongly kept costs a cold start.
 */
export const UNRENDERED_KEYS: Readonly<Record<string, string>> = {
  'posts.dir': 'where the files are read from: documents name posts by their path inside it, and the warm cache keeps one file per folder',
  'posts.workers': 'how many helper threads share the work',
  'posts.git.depth': 'how much history a fetch brings',
  'posts.git.timeoutSeconds': 'how long git may take',
  'posts.git.checkout': 'where the checkout lives (derived from the cache folder)',
  server: 'how the service listens',
  log: 'what is logged',
  webhook: 'who may ask for a rescan',
  schedule: 'when rescans run',
  watch: 'whether file changes ask for a rescan',
  rescan: 'how rescans are spaced and guarded (a held-back drop serves the last good bytes)',
  'websub.retries': 'how pings are retried',
  'websub.retryDelayMs': 'how pings are retried',
  'websub.timeoutMs': 'how long a ping may take',
  publish: 'how the bucket is written: each object’s encoding and headers are in its manifest record, not in the documents',
  cluster: 'how replicas share triggers and claims',
  diskCache: 'where and whether the warm cache is kept',
  'queries.maxParameters': 'query feeds are rendered on request, per process, and never kept in the warm cache',
  'queries.maxKeywordLength': 'query feeds are rendered on request, per process, and never kept in the warm cache',
  'queries.maxLimit': 'query feeds are rendered on request, per process, and never kept in the warm cache',
  'queries.maxScan': 'query feeds are rendered on request, per process, and never kept in the warm cache',
  'queries.cached': 'how many rendered query feeds are kept in memory',
  'queries.renderBudgetMs': 'how much CPU a query feed may take',
  'queries.cpuShare': 'how much CPU query feeds may take in all',
  'queries.perClientPerMinute': 'how many query feeds one client may have rendered',
  subscribers: 'who reads the feeds is counted and shown in /status, /metrics and /subscribers, never in a document',
};

/** The config reduced to RENDERED_KEYS: the same value for every config that renders the same bytes. */
export function renderedConfig(config: Config): unknown {
  const out: Record<string, unknown> = {};
  for (const key of RENDERED_KEYS) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], config);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
