// One publish of a snapshot to a bucket, in the order that keeps the previous version whole on failure:
// read the manifest → upload what differs → write the manifest (still naming the old objects) → delete
// what the site no longer has → write the manifest without them.
import type { OnRequestDocuments } from '../../snapshot/archives.js';
import { exportPath, servedPath, type Snapshot } from '../../snapshot/snapshot.js';
import { PublishFailure, type Landed, type PublishStep } from '../../errors.js';
import {
  checkManifest,
  EMPTY_MANIFEST,
  planPublish,
  serializeManifest,
  type CheckedManifest,
  type Manifest,
  type Plan,
  type StoredRecord,
} from './manifest.js';
import { storedBytes, wantedObjects, type GzipChoice } from './objects.js';
import { aliasShapes, refusal } from './own-paths.js';
import { s3ErrorLine } from './s3-errors.js';
import type { ManifestText, S3Store } from './s3-store.js';
import { targetText } from './target.js';

export interface PublishOptions {
  /** The value the server sends (http/send-entry.ts cacheControl of `cache.*`). */
  readonly cacheControl: string;
  readonly gzip: GzipChoice;
  readonly delete: boolean;
  readonly concurrency: number;
  /** Plan only: read the manifest, change nothing. */
  readonly dryRun: boolean;
  /** Hears warnings (an unreadable manifest, paths in it that feedwright does not delete). */
  readonly warn?: (message: string) => void;
  /** feeds.aliases' paths: files of any name feedwright writes, and so may delete. */
  readonly aliases?: readonly string[];
  /** The documents a snapshot renders on request (RFC 5005 archive pages): the bucket holds them too. */
  readonly onRequest?: (snapshot: Snapshot) => OnRequestDocuments;
}

export interface PublishResult extends Landed {
  readonly plan: Plan;
  readonly uploaded: number;
  /** Bytes sent in object bodies (stored form: gzip where chosen). */
  readonly uploadedBytes: number;
  readonly deleted: number;
}

const NOTHING: Landed = { changed: [], stale: [] };

export async function publishSnapshot(snapshot: Snapshot, store: S3Store, options: PublishOptions): Promise<PublishResult> {
  const step = async <T>(name: PublishStep, work: () => Promise<T>, landed?: () => Landed): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof PublishFailure) throw err;
      throw new PublishFailure(name, s3ErrorLine(err, store.target, store.endpointText), { cause: err, ...(landed ? { landed: landed() } : {}) });
    }
  };

  const read = await step('read-manifest', () => store.readManifest());
  const first = read === undefined;
  const checked = believed(read, store, options);
  const previous: Manifest = checked?.manifest ?? EMPTY_MANIFEST;
  // Left out of the manifest this publish writes: the next one does not warn again.
  const refused = checked?.refused.length ?? 0;
  const wanted = wantedObjects(snapshot.entries.values(), options.cacheControl, options.gzip);
  const records = new Map([...wanted].map(([rel, w]) => [rel, w.record]));
  const late = options.onRequest?.(snapshot);
  if (late) {
    // Rendering every archive page reads every post again: only those the manifest does not know are.
    const render = new Set<string>();
    for (const [path, inputs] of late.documents) {
      const rel = exportPath(path);
      const before = previous.objects[rel];
      // A document the snapshot holds at that path wins, as when served.
      if (records.has(rel)) continue;
      if (before?.inputs === inputs) records.set(rel, before);
      else render.add(path);
    }
    const rendered = wantedObjects(await late.render(render), options.cacheControl, options.gzip, (path) => late.documents.get(path));
    for (const [rel, w] of rendered) {
      wanted.set(rel, w);
      records.set(rel, w.record);
    }
  }
  const plan = planPublish(previous, records);
  if (options.dryRun) return { plan, uploaded: 0, uploadedBytes: 0, deleted: 0, ...NOTHING };

  const stored: Record<string, StoredRecord> = {};
  for (const rel of plan.unchanged) stored[rel] = previous.objects[rel] as StoredRecord;
  let uploadedBytes = 0;
  await step('upload', () =>
    eachLimited(plan.upload, options.concurrency, async ({ rel }) => {
      const object = wanted.get(rel);
      if (!object) return;
      const body = await storedBytes(object);
      const etag = await store.put(rel, body, object.record);
      stored[rel] = { ...object.record, etag, size: body.length };
      uploadedBytes += body.length;
    }),
  );
  // The old objects stay named until they are gone, so a delete that fails is retried by the next publish
  // (and --no-delete leaves them to a later publish that deletes).
  const leftover = Object.fromEntries(plan.delete.map((rel) => [rel, previous.objects[rel] as StoredRecord]));
  // With only deletions to make (and no entry refused), the manifest in the bucket already names everything.
  if (plan.upload.length > 0 || first || refused > 0) {
    await step('write-manifest', () => store.writeManifest(serializeManifest({ version: 1, objects: { ...stored, ...leftover } })));
  }
  const uploadedRels = plan.upload.map((u) => u.rel);
  // What the bucket holds differently from its previous version, told from the manifest, not from what
  // this process remembers: a change whose upload failed before a restart is still told by the publish
  // that carries it. A first publish (no manifest) tells nothing: nobody can have an older copy from it.
  const landed = (deletedRels: readonly string[]): Landed => {
    if (first) return NOTHING;
    const newBytes = uploadedRels.filter((rel) => previous.objects[rel]?.sha256 !== wanted.get(rel)?.record.sha256);
    return { changed: [...newBytes, ...deletedRels].map(servedPath).sort(), stale: [...uploadedRels, ...deletedRels].map(servedPath).sort() };
  };
  if (!options.delete || plan.delete.length === 0) return { plan, uploaded: plan.upload.length, uploadedBytes, deleted: 0, ...landed([]) };

  const deleted: string[] = [];
  await step(
    'delete',
    () =>
      eachLimited(plan.delete, options.concurrency, async (rel) => {
        await store.delete(rel);
        deleted.push(rel);
      }),
    () => landed(deleted),
  );
  await step(
    'delete',
    () => store.writeManifest(serializeManifest({ version: 1, objects: stored })),
    () => landed(deleted),
  );
  return { plan, uploaded: plan.upload.length, uploadedBytes, deleted: deleted.length, ...landed(deleted) };
}

/**
 * What of the bucket's manifest is believed (manifest.ts checkManifest, own-paths.ts), with one warning for
 * what is not. Uploading everything is safe; deleting is not without knowing what was ours, so a manifest
 * that is not one feedwright writes makes every document upload and nothing be deleted.
 */
function believed(read: ManifestText, store: S3Store, options: PublishOptions): CheckedManifest | undefined {
  if (read === undefined) return undefined;
  if ('tooLarge' in read) {
    options.warn?.(
      `the manifest in the bucket is over ${store.maxManifestBytes} bytes, so not one feedwright wrote; every document is uploaded, nothing deleted`,
    );
    return undefined;
  }
  const aliases = aliasShapes(options.aliases ?? []);
  const checked = checkManifest(read.text, (rel) => refusal(rel, store.target, aliases));
  if (!checked) {
    options.warn?.('the manifest in the bucket is not one feedwright wrote; every document is uploaded, nothing deleted');
    return undefined;
  }
  const { refused } = checked;
  if (refused.length > 0) {
    // JSON-quoted: a path may hold terminal escapes or line breaks.
    const named = refused.slice(0, 3).map((r) => `${JSON.stringify(r.rel)} (${r.reason})`);
    const more = refused.length > 3 ? `, and ${refused.length - 3} more` : '';
    const paths = `${refused.length} ${refused.length === 1 ? 'path' : 'paths'}`;
    options.warn?.(
      `the manifest names ${paths} feedwright does not write or that are not inside ${targetText(store.target)}: ` +
        `${named.join(', ')}${more}; they are not deleted, and left out of the manifest`,
    );
  }
  return checked;
}

/**
 * Runs `work` on every item, `limit` at a time. On the first failure no new item starts; the ones in
 * flight are waited for, so nothing lands in the bucket after the failure is reported.
 */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.err;
}
