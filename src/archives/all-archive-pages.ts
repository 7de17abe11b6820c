// Every archive document of a snapshot, rendered one at a time as the caller asks: what `feedwright
// build` writes. The order is archive-sweep.ts's, so each post is read back and prepared once and only
// the posts of pages still to come are held; a rendered document is the caller's to drop once written.
import type { Config } from '../config/schema.js';
import { scanOptionsFrom, type ScanOptions } from '../posts/options.js';
import { contentKey } from '../render/feed-document.js';
import { archiveSweep, SWEEP_BATCH } from '../snapshot/archive-sweep.js';
import type { ArchiveDocument, PreparedForms } from '../snapshot/archives.js';
import type { Snapshot, SnapshotEntry } from '../snapshot/snapshot.js';
import { prepare } from './archive-cache.js';

export interface SweepFigures {
  /** Posts read back and prepared (each once). */
  prepared: number;
  /** The most prepared posts held at one time. */
  peakHeld: number;
}

/**
 * The archive documents, each rendered when asked for, with the same bytes as the archive cache renders
 * on request. `skip`: paths not to render (the snapshot's own documents: an old address keeps its place,
 * as when served; pages a build links from its previous tree), whose posts are then not read either.
 * `figures`, when given, is kept up to date (for the tests and the benchmark). `whole` hears each
 * document rendered from every one of its posts, just before it is yielded: a post whose file changed
 * since the scan is left out of its page, whose bytes are then not what its signature names.
 */
export function* allArchivePages(
  snapshot: Snapshot,
  config: Config,
  options: ScanOptions = scanOptionsFrom(config),
  skip: (path: string) => boolean = () => false,
  figures: SweepFigures = { prepared: 0, peakHeld: 0 },
  whole: (document: ArchiveDocument) => void = () => undefined,
): Generator<SnapshotEntry> {
  if (!snapshot.archive) return;
  const held = new Map<string, PreparedForms>();
  for (const step of archiveSweep(snapshot.archive, SWEEP_BATCH, (d) => !skip(d.path))) {
    if ('prepare' in step) {
      for (const [key, one] of prepare(options, config, step.prepare, snapshot.archive.site)) held.set(key, one);
      figures.prepared += step.prepare.length;
      figures.peakHeld = Math.max(figures.peakHeld, held.size);
    } else if ('release' in step) {
      for (const post of step.release) held.delete(contentKey(post));
    } else {
      const entry = step.render.render(held, config);
      if (step.render.posts.every((post) => held.has(contentKey(post)))) whole(step.render);
      yield entry;
    }
  }
}

/** Every archive document, rendered, in one array (the tests; the build writes them as they come). */
export function renderAllArchivePages(snapshot: Snapshot, config: Config, options: ScanOptions = scanOptionsFrom(config)): SnapshotEntry[] {
  return [...allArchivePages(snapshot, config, options)];
}
