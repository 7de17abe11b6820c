// A rescan as JSON for people and scripts: the webhook's `?wait=1` answer and `/status` both use it.
import type { Config } from '../config/schema.js';
import { changedFeedUrls } from '../snapshot/feeds.js';
import type { HeldBack } from './drop-guard.js';
import type { RescanResult } from './rescanner.js';

export interface RescanReport {
  readonly at: string;
  readonly reason: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly posts: number;
  readonly documents: number;
  /** Documents whose bytes changed (added and removed included). */
  readonly changedCount: number;
  /** URLs of the feeds among them, at most `limit`. */
  readonly changed: readonly string[];
  readonly problems: readonly { path: string; line?: number; code: string; severity: string; reason: string }[];
  readonly problemsTotal: number;
  readonly generation: number;
  /** Present when the rescan would have dropped too many posts and was not published. */
  readonly heldBack?: HeldBack;
  /** With posts.git: the commit the posts were read at. */
  readonly commit?: string;
}

/** `limit` caps the lists: a first scan changes every feed, and a folder of broken files has many problems. */
export function rescanReport(r: RescanResult, config: Config, limit = Number.POSITIVE_INFINITY): RescanReport {
  return {
    at: new Date(r.startedAt).toISOString(),
    reason: r.reason,
    ok: r.ok,
    ms: r.ms,
    posts: r.posts,
    documents: r.documents,
    changedCount: r.changed.length,
    changed: changedFeedUrls(r.changed, config).slice(0, limit),
    problems: r.problems.slice(0, limit),
    problemsTotal: r.problems.length,
    generation: r.generation,
    ...(r.heldBack ? { heldBack: r.heldBack } : {}),
    ...(r.commit ? { commit: r.commit } : {}),
  };
}
