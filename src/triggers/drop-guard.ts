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

export type DropVerdict =
  | { readonly publish: true }
  | { readonly publish: false; readonly held: HeldBack; readonly pending: PendingDrop };

/**
 * `before`: paths of the posts published now (undefined before the first publish). `after`: paths the
 * rescan would publish. A drop that would leave no post at all is never confirmed by repetition (an
 * emptied or unmounted folder can stay so for hours); a restart, which has nothing to compare with,
 * publishes whatever it finds.
 */
export function judgeDrop(
  before: ReadonlySet<string> | undefined,
  after: readonly string[],
  pending: PendingDrop | undefined,
  policy: DropPolicy,
): DropVerdict {
  if (!before || before.size === 0) return { publish: true };
  const kept = new Set(after);
  let dropped = 0;
  for (const path of before) if (!kept.has(path)) dropped++;
  if (dropped / before.size <= policy.maxDropShare) return { publish: true };

  const fingerprint = createHash('sha256').update([...kept].sort().join('\n')).digest('base64url');
  const seen = pending?.fingerprint === fingerprint ? pending.seen + 1 : 1;
  const needed = kept.size === 0 ? undefined : policy.confirmAfter;
  if (needed !== undefined && seen >= needed) return { publish: true };
  return { publish: false, held: { dropped, of: before.size, seen, needed }, pending: { fingerprint, seen } };
}
