// What every trigger (cron, the watcher, the webhook) is given: a way to ask for a rescan, and nothing
// else of the rescanner. `Rescanner.trigger` is one; overlapping calls merge into one rescan.
import type { RescanResult } from '../rescan/rescanner.js';

/**
 * Starts a rescan, or joins the queued one; settles with a rescan that began after the call. `paths`
 * (relative to the posts folder): what changed, when the trigger knows (the watcher, a push with
 * posts.git, a webhook call that names them); the rescan then looks only there.
 */
export type Trigger = (reason: string, paths?: readonly string[]) => Promise<RescanResult>;
