// A helper thread that lists the posts folder, or its share of it, for a warm start (listing.ts), while
// the main thread loads the rest of the service's code and reads the cache. It loads the walk's modules
// and nothing more.
import { parentPort, workerData } from 'node:worker_threads';
import { walkOptions, walkTable, type FolderRules, type WalkShare } from '../../posts/walk.js';
import { runToEnd } from '../../slices.js';
import type { ListingReply } from './listing.js';

const { share, ...rules } = workerData as FolderRules & { readonly share?: WalkShare };
const table = runToEnd(walkTable(walkOptions(rules), share));
// The paths as one string (copied at memory speed, where a million strings are each cloned), the numbers
// as the buffers themselves (moved, not copied).
const reply: ListingReply = table && { paths: table.paths.join('\0'), sizes: table.sizes, mtimes: table.mtimes };
parentPort?.postMessage(reply, table ? [table.sizes.buffer as ArrayBuffer, table.mtimes.buffer as ArrayBuffer] : []);
