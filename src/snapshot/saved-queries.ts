// Saved queries as documents of a static export and of a bucket (docs/guides/query-feeds-and-subscribers.md): each at
// /queries/<name>/<format file>, made from a snapshot as `serve` makes it on request. A static host takes
// no query string, so only the saved ones can be published this way.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { savedQueryPaths } from '../render/query-feed.js';
import type { OnRequestDocuments } from './archives.js';
import type { Snapshot, SnapshotEntry } from './snapshot.js';

/** Makes the query feed at a path of a snapshot; undefined for a path that is none. */
export type MakeAt = (snapshot: Snapshot, path: string) => SnapshotEntry | undefined;

/** The saved queries' documents of `snapshot`, in the paths' order; a saved path the snapshot holds keeps its own document. */
export function savedQueryEntries(make: MakeAt, snapshot: Snapshot, config: Config): SnapshotEntry[] {
  return savedQueryPaths(config).flatMap((path) => (snapshot.entries.has(path) ? [] : (make(snapshot, path) ?? [])));
}

/** For a bucket publish: each saved query's path with what it is made of (`made`: the version and rendered config). */
export function savedForBucket(make: MakeAt, config: Config, made: string): (snapshot: Snapshot) => OnRequestDocuments {
  return (snapshot) => {
    const entries = new Map(savedQueryEntries(make, snapshot, config).map((e) => [e.path, e]));
    return {
      documents: new Map([...entries].map(([path, e]) => [path, createHash('sha256').update(`${made}\n${e.signature}`).digest('base64url')])),
      render: (paths) => Promise.resolve([...paths].flatMap((path) => entries.get(path) ?? [])),
    };
  };
}

/** Documents made on request from several sources (archive pages, saved queries), as one. */
export function joinOnRequest(...sources: readonly ((snapshot: Snapshot) => OnRequestDocuments)[]): (snapshot: Snapshot) => OnRequestDocuments {
  return (snapshot) => {
    const parts = sources.map((source) => source(snapshot));
    return {
      documents: new Map(parts.flatMap((p) => [...p.documents])),
      render: async (paths) => (await Promise.all(parts.map((p) => p.render(new Set([...paths].filter((path) => p.documents.has(path))))))).flat(),
    };
  };
}
