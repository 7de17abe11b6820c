// Whether a rescan may publish: one that would drop a large share of the published posts at once is
// more likely a sync in progress, an unmounted share or a bad checkout than an editor's decision.
import { createHash } from 'node:crypto';

export interface DropPolicy {
  /** Share (0-1) of the published posts a rescan may drop at once; 1 turns the guard off. */
  readonly maxDropShare: number;
  /** A held-back drop is published once this many rescans in a row have found the same posts. */
  readonly confirmAfter: number;
}

/** The drop being held back: which set of posts, and how many rescans in a row have found it. */
export interface PendingDrop {
  readonly fingerprint: string;
  readonly seen: number;
}

export interface HeldBack {
  /** Published posts the rescan would have dropped, and how many were published. */
  readonly dropped: number;
  readonly of: number;
  /** Rescans in a row that found this same set, this one included. */
  readonly seen: number;
  /** Rescans needed to publish it; undefined when no number is enough (nothing would be left). */
  readonly needed: number | undefined;
}

/** A published post as the guard knows it: where it is, and what its bytes hash to. */
export interface PostKey {
  readonly path: string;
  readonly hash: string;
}

export type DropVerdict = { readonly publish: true } | { readonly publish: false; readonly held: HeldBack; readonly pending: PendingDrop };

/**
 * `before`: the posts published now (undefined before the first publish). `after`: the posts the rescan
 * would publish. A post is dropped when neither its path nor its bytes are published any more: a file
 * renamed or moved as it is does not count. A drop that would leave no post at all is never confirmed by
 * repetition (an emptied or unmounted folder can stay so for hours); a restart, which has nothing to
 * compare with, publishes whatever it finds.
 */
export function judgeDrop(
  before: readonly PostKey[] | undefined,
  after: readonly PostKey[],
  pending: PendingDrop | undefined,
  policy: DropPolicy,
): DropVerdict {
  if (!before || before.length === 0) return { publish: true };
  const paths = new Set(after.map((p) => p.path));
  // Only posts whose path is gone are looked up by bytes; nearly every rescan has none.
  const gone = before.filter((p) => !paths.has(p.path));
  const hashes = new Set(gone.length > 0 ? after.map((p) => p.hash) : []);
  const dropped = gone.filter((p) => !hashes.has(p.hash)).length;
  if (dropped / before.length <= policy.maxDropShare) return { publish: true };

  const fingerprint = createHash('sha256')
    .update([...paths].sort().join('\n'))
    .digest('base64url');
  const seen = pending?.fingerprint === fingerprint ? pending.seen + 1 : 1;
  const needed = paths.size === 0 ? undefined : policy.confirmAfter;
  if (needed !== undefined && seen >= needed) return { publish: true };
  return { publish: false, held: { dropped, of: before.length, seen, needed }, pending: { fingerprint, seen } };
}
