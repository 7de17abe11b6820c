// The warm cache's config hash: what the service does around the feeds (port, host, logs, triggers,
// retries, threads) leaves it alone; what is read or rendered (site, feeds, posts, zone, hubs) changes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigInput } from '../../../src/config/schema.js';
import { configHash } from '../../../src/rescan/cache/config-hash.js';
import { testConfig } from '../../helpers/config.js';

const DIR = '/srv/posts';
const hashOf = (input: ConfigInput = {}): string => configHash(testConfig(DIR, input));

test('the port, host, logs, triggers, rescan spacing, retries, threads and the cache folder keep the hash', () => {
  const base = hashOf();
  const same: ConfigInput[] = [
    { server: { port: 9090 } },
    { server: { host: '0.0.0.0', trustProxy: 1 } },
    { log: { level: 'debug', requests: true } },
    { webhook: { secret: 'a-secret-of-at-least-16-chars' } },
    { schedule: '0 * * * *' },
    { watch: true },
    { rescan: { minIntervalMs: 5000, maxDropShare: 1 } },
    { websub: { retries: 0, timeoutMs: 500 } },
    { posts: { workers: 0 } },
    { diskCache: { dir: '/var/cache/elsewhere' } },
  ];
  for (const input of same) assert.equal(hashOf(input), base, JSON.stringify(input));
});

test('what is read or rendered changes the hash', () => {
  const base = hashOf();
  const different: ConfigInput[] = [
    { site: { url: 'https://other.example.org/' } },
    { site: { title: 'Another title' } },
    { timezone: 'UTC' },
    { feeds: { limit: 5 } },
    { feeds: { formats: ['rss'] } },
    { posts: { exclude: ['drafts/**'] } },
    { posts: { maxBytes: 1024 } },
    { cache: { maxAge: 3600 } },
    { websub: { hubs: ['https://hub.example.com/'] } },
  ];
  for (const input of different) assert.notEqual(hashOf(input), base, JSON.stringify(input));
});
