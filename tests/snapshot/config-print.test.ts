// The config fingerprint (snapshot/config-print.ts): every config key is placed in exactly one list, the
// keys that reach bytes or the others; changing any of the others keeps the warm cache's hash (so the cache
// stays warm), changing one that reaches bytes changes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import { configHash } from '../../src/cache/config-hash.js';
import { RENDERED_KEYS, UNRENDERED_KEYS } from '../../src/snapshot/config-print.js';
import { testConfig } from '../helpers/config.js';

const DIR = '/srv/posts';
const hashOf = (input: ConfigInput = {}): string => configHash(testConfig(DIR, input));

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown };
const def = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every key of the schema, as a dotted path to a value that is not an object of keys. */
function schemaKeys(schema: unknown, prefix = ''): string[] {
  const d = def(schema);
  if (d.type === 'object') return Object.entries(d.shape ?? {}).flatMap(([k, v]) => schemaKeys(v, prefix ? `${prefix}.${k}` : k));
  if (['optional', 'default', 'prefault', 'nullable', 'readonly'].includes(d.type)) return schemaKeys(d.innerType, prefix);
  if (d.type === 'pipe') return schemaKeys(d.in, prefix);
  return [prefix];
}

const covers = (entry: string, key: string): boolean => key === entry || key.startsWith(`${entry}.`);

test('every config key is placed in exactly one list, and every entry names a key', () => {
  const keys = [...schemaKeys(configSchema), 'posts.git.checkout'];
  const entries = [...RENDERED_KEYS, ...Object.keys(UNRENDERED_KEYS)];
  const placed = keys.map((key) => ({ key, in: entries.filter((e) => covers(e, key)) }));
  assert.deepEqual(
    placed.filter((p) => p.in.length !== 1),
    [],
    'a key in no list or in two: place it in snapshot/config-print.ts',
  );
  assert.deepEqual(
    entries.filter((e) => !keys.some((k) => covers(e, k))),
    [],
    'an entry that names no config key',
  );
});

// A different value for each key that reaches no byte, one change at a time.
const UNRENDERED_CHANGES: readonly ConfigInput[] = [
  { posts: { workers: 0 } },
  { server: { port: 9090 } },
  { server: { host: '0.0.0.0', trustProxy: 1 } },
  { log: { level: 'debug', requests: true } },
  { webhook: { secret: 'a-secret-of-at-least-16-chars', rateLimit: { failures: 3 } } },
  { schedule: '0 * * * *' },
  { watch: true },
  { rescan: { minIntervalMs: 5000, maxDropShare: 1, confirmAfter: 2 } },
  { websub: { retries: 0, retryDelayMs: 10, timeoutMs: 500 } },
  { publish: { target: 's3://feeds/site', concurrency: 2, gzip: false, retries: 1, timeoutMs: 1000 } },
  { cluster: { waitSeconds: 5, announceSeconds: 3, prefix: 'other' } },
  { diskCache: { dir: '/var/cache/elsewhere', maxBytes: 1024 } },
  { queries: { maxParameters: 4, maxKeywordLength: 10, maxLimit: 50, maxScan: 10, cached: 0, renderBudgetMs: 5, cpuShare: 0.5, perClientPerMinute: 1 } },
  { subscribers: { enabled: false, maxReported: 10, maxFeeds: 1, maxPollersPerFeed: 1 } },
];

test('changing any key that reaches no byte keeps the hash: the warm cache stays warm', () => {
  const base = hashOf();
  for (const input of UNRENDERED_CHANGES) assert.equal(hashOf(input), base, JSON.stringify(input));
  // The posts folder too: documents name posts by their path inside it.
  assert.equal(configHash(testConfig('/elsewhere/posts')), base);
});

test('what is read or rendered changes the hash', () => {
  const base = hashOf();
  const different: ConfigInput[] = [
    { site: { url: 'https://other.example.org/' } },
    { site: { title: 'Another title' } },
    { timezone: 'UTC' },
    { feeds: { limit: 5 } },
    { feeds: { formats: ['rss'] } },
    { feeds: { authors: false } },
    { media: { mediaRss: false } },
    { posts: { exclude: ['drafts/**'] } },
    { posts: { maxBytes: 1024 } },
    { cache: { maxAge: 3600 } },
    { websub: { hubs: ['https://hub.example.com/'] } },
    { queries: { enabled: false } },
    { queries: { saved: [{ name: 'x', query: 'q=x' }] } },
  ];
  for (const input of different) assert.notEqual(hashOf(input), base, JSON.stringify(input));
});
