// The part of the config that reaches a document's bytes: a document's signature (build.ts) and the warm
// cache's validity (rescan/cache/) depend on it alone, so that moving the port, the log level or the
// webhook secret neither renders every document again nor throws a warm cache away.
import type { Config } from '../config/schema.js';

/**
 * The config without the keys that never reach a byte served: how the service listens, logs, is
 * triggered, spaces and guards rescans, retries pings, and where it keeps its cache. Every other key
 * stays, so a key added later counts until someone shows it does not (a cold start is slow; a stale byte
 * is wrong). `cache` stays: its maxAge is the RSS <ttl>. `websub.hubs` stays: feeds link the hubs.
 */
export function renderedConfig(config: Config): unknown {
  const { server: _server, log: _log, webhook: _webhook, schedule: _schedule, watch: _watch, diskCache: _diskCache, rescan: _rescan, ...rest } = config;
  const { workers: _workers, ...posts } = config.posts;
  // How long a bucket call may take changes no object's bytes.
  const { timeoutMs: _timeoutMs, connectTimeoutMs: _connectTimeoutMs, ...publish } = config.publish;
  return { ...rest, posts, publish, websub: { hubs: config.websub.hubs } };
}
