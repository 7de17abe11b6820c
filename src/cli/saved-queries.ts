// Saved queries (README "Query feeds") for the commands that write a whole tree: `feedwright build`
// writes them, `feedwright publish` uploads them, each made from the command's one snapshot with the
// posts read back from their files, as `serve` makes them on request.
import type { Config } from '../config/schema.js';
import { QueryFeeds } from '../http/query-feeds.js';
import { joinOnRequest, savedForBucket, savedQueryEntries, savedQueryPaths } from '../http/saved-queries.js';
import { scanOptionsFrom, type ScanOptions } from '../posts/options.js';
import { archiveForBucket, prepare } from '../rescan/archive-cache.js';
import { configHash } from '../rescan/cache/config-hash.js';
import type { OnRequestDocuments } from '../snapshot/archives.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import { SnapshotStore } from '../snapshot/store.js';
import { VERSION } from '../version.js';

function maker(config: Config, options: ScanOptions): QueryFeeds {
  // Nothing is served: no store to read, no client to limit.
  return new QueryFeeds({ config, store: new SnapshotStore(), prepare: (posts) => prepare(options, config, posts) });
}

/** How many documents the saved queries add to a build (for its progress line). */
export function savedQueryCount(config: Config): number {
  return savedQueryPaths(config).length;
}

/** The saved queries' documents of `snapshot`, one at a time. */
export function* savedQueryDocuments(snapshot: Snapshot, config: Config, options: ScanOptions = scanOptionsFrom(config)): Generator<SnapshotEntry> {
  if (savedQueryPaths(config).length === 0) return;
  yield* savedQueryEntries(maker(config, options), snapshot, config);
}

/** What a bucket publish renders besides the snapshot: archive pages and saved queries. */
export function onRequestForBucket(config: Config, options: ScanOptions = scanOptionsFrom(config)): (snapshot: Snapshot) => OnRequestDocuments {
  const archive = archiveForBucket(config, options);
  if (savedQueryPaths(config).length === 0) return archive;
  return joinOnRequest(archive, savedForBucket(maker(config, options), config, `${VERSION}\n${configHash(config)}`));
}
