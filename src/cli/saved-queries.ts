// Saved queries (docs/guides/query-feeds-and-subscribers.md) for the commands that write a whole tree: `feedwright build`
// writes them, `feedwright publish` uploads them, each made at once from the command's one snapshot with
// the posts read back from their files, the bytes `serve` makes on request. No HTTP code is loaded.
import type { Config } from '../config/schema.js';
import { scanOptionsFrom, type ScanOptions } from '../posts/options.js';
import { formatsFor } from '../render/formats.js';
import { savedQueryPaths, savedQuerySpec, SAVED_DIR } from '../render/query-feed.js';
import { archiveForBucket, madeWith, prepare } from '../archives/archive-cache.js';
import type { OnRequestDocuments, PreparedForms } from '../snapshot/archives.js';
import { makeQueryFeedNow } from '../snapshot/query-job.js';
import { joinOnRequest, savedForBucket, savedQueryEntries, type MakeAt } from '../snapshot/saved-queries.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';

/** Makes a saved query's feed; the posts read for one are kept for the others (a command's run is short). */
function maker(config: Config, options: ScanOptions): MakeAt {
  const texts = new Map<string, string>();
  const forms = new Map<string, PreparedForms>();
  const formats = formatsFor(config.feeds.formats);
  return (snapshot, path) => {
    // The posts are prepared as this snapshot's feeds were (one snapshot a command: the caches serve all).
    const reading = { prepare: (posts: Parameters<typeof prepare>[2]) => prepare(options, config, posts, snapshot.site), texts, forms };
    const saved = config.queries.saved.find((s) => path.startsWith(`${SAVED_DIR}${s.name}/`));
    const format = formats.find((f) => path === `${SAVED_DIR}${saved?.name}/${f.file}`);
    if (!saved || !format || !snapshot.scopeIndex) return undefined;
    const spec = savedQuerySpec(saved, snapshot.scopeIndex, format, config);
    // A date the site's zone cannot read: `serve` answers 400 for it; here it is left out.
    if ('reason' in spec) return undefined;
    return makeQueryFeedNow(spec, snapshot.scopeIndex, reading, config).entry;
  };
}

/** How many documents the saved queries add to a build (for its progress line). */
export function savedQueryCount(config: Config): number {
  return savedQueryPaths(config).length;
}

/** The saved queries' documents of `snapshot`. */
export function savedQueryDocuments(snapshot: Snapshot, config: Config, options: ScanOptions = scanOptionsFrom(config)): SnapshotEntry[] {
  if (savedQueryPaths(config).length === 0) return [];
  return savedQueryEntries(maker(config, options), snapshot, config);
}

/** What a bucket publish renders besides the snapshot: archive pages and saved queries (`build`: buildKey()). */
export function onRequestForBucket(config: Config, build: string, options: ScanOptions = scanOptionsFrom(config)): (snapshot: Snapshot) => OnRequestDocuments {
  const archive = archiveForBucket(config, build, options);
  if (savedQueryPaths(config).length === 0) return archive;
  return joinOnRequest(archive, savedForBucket(maker(config, options), config, madeWith(config, build)));
}
