// Where a rescan gets posts from: scans (what changed) and the prepared posts the feeds show. The main
// thread does the work in slices between requests; the big jobs (a cold scan, a cold render) it shares
// with the pool's worker threads when there are any (pool/pool.ts).
import type { Config } from '../config/schema.js';
import type { Problem } from '../errors.js';
import type { ContentSite } from '../content/render-body.js';
import type { Post } from '../posts/post.js';
import { compactOutcome } from '../posts/compact-record.js';
import { PostScanner, READS_PER_SLICE, type ScanDelta } from '../posts/scan.js';
import type { FileRecord, FileTable, ListedFile, ReadOutcome } from '../posts/scanned-file.js';
import type { ScanOptions } from '../posts/options.js';
import type { ItemPieces, PreparedContent } from '../render/feed-document.js';
import type { PreparedPost } from '../render/prepared-post.js';
import type { ContentAnswer } from './contents.js';
import { loadContents } from './contents-module.js';
import { Pool } from './pool/pool.js';
import { runSliced, SLICE_MS } from '../slices.js';

/**
 * What runs before a rescan reads the posts (posts.git: the fetch), and what it has to say. `signal` is
 * aborted by stop(): a fetch in flight is then ended, so that a stop never waits for a hung server.
 */
export type Prepare = (reason: string, signal: AbortSignal) => Promise<Prepared>;

export interface Prepared {
  readonly commit?: string;
  readonly problems?: readonly Problem[];
  /**
   * The paths (relative to the posts folder) it changed, when it can name them (git's diff of what it
   * fetched; none when it fetched nothing): a rescan that would look only at named paths looks at these
   * too. Undefined when it cannot tell: that rescan walks the whole folder.
   */
  readonly changed?: readonly string[];
}

export interface PostSource {
  /**
   * What changed since the last scan. Rejects with PostsDirError when the folder cannot be read, and
   * with the signal's reason once it is aborted (checked between slices). `paths` (relative to the posts
   * folder; a folder's path names all in it): only those are looked at, as a watcher or a push named
   * them, and the rest is taken to be as it was; a source that cannot do that, or has not scanned yet,
   * walks everything.
   */
  scan(signal?: AbortSignal, paths?: Iterable<string>): Promise<ScanDelta>;
  /** Prepares posts for the feeds; `site` is what their Liquid sees (none: no Liquid). */
  contents(posts: readonly Post[], signal?: AbortSignal, site?: ContentSite): Promise<ContentAnswer[]>;
  /** Forgets what was scanned, so that the next scan reports every file (after a failed rescan). */
  reset(): void;
  /** Each file's record as of the last scan, for the warm cache; and taking them back at start. A source
   * without them (a test's) has no warm restarts. */
  records?(): ReadonlyMap<string, FileRecord>;
  /** Taking them back: a generator to run in slices (runSliced), a million records being most of a second. */
  restore?(records: ReadonlyMap<string, FileRecord>): Generator<void, void>;
  /** The folder's files as they are now (undefined if part of it cannot be read): a warm start's test before serving. */
  list?(signal?: AbortSignal): Promise<FileTable | undefined>;
  /** Folders to look at in turn, holding about `budget` known files (see PostScanner.sample): a scheduled check's share. */
  sample?(budget: number): string[];
  close(): Promise<void>;
}

// About 10 ms of rendering per chunk.
const POSTS_PER_CHUNK = 25;
/**
 * A post file this big is rendered on a helper thread, alone: its Markdown takes ~0.3 s a megabyte and
 * cannot be cut into slices, so on this thread it would hold every request that long.
 */
export const BIG_POST_BYTES = 256 * 1024;

export class FolderSource implements PostSource {
  readonly #options: ScanOptions;
  readonly #config: Config;
  readonly #scanner: PostScanner;
  readonly #pool: Pool;

  /** Without a `pool`, every chunk is done on this thread, between event-loop turns all the same. */
  constructor(options: ScanOptions, config: Config, pool: Pool = new Pool({ options, config }, 0)) {
    this.#options = options;
    this.#config = config;
    this.#scanner = new PostScanner(options);
    this.#pool = pool;
  }

  /** Lists in slices, letting the event loop serve requests between them; reads what changed, shared. */
  async scan(signal?: AbortSignal, paths?: Iterable<string>): Promise<ScanDelta> {
    // The folder itself named ('') is everything in it.
    const named = paths === undefined ? undefined : [...paths];
    const whole = named === undefined || named.includes('') || this.#scanner.empty;
    const listing = await runSliced(whole ? this.#scanner.list() : this.#scanner.listPaths(named), signal);
    // Outcomes are made compact as they come (compact-record.ts; the scanner's own reads are), not once
    // a million are held: that was a cold start's peak.
    const read = (files: readonly ListedFile[]): ReadOutcome[] => files.map((file) => this.#scanner.read(file));
    const received = (outcomes: ReadOutcome[], files: readonly ListedFile[]): ReadOutcome[] =>
      outcomes.map((outcome, i) => compactOutcome((files[i] as ListedFile).rel, outcome));
    const outcomes = await this.#pool.share(listing.toRead, READS_PER_SLICE, read, (files) => ({ op: 'read', files }), { signal, received });
    // To its end, whatever the signal says: the scanner's records are taken over midway (slices only let requests in).
    return runSliced(this.#scanner.applying(listing, outcomes));
  }

  /** Prepares posts in chunks too: a cold start prepares every post the feeds show. Big posts go alone. */
  async contents(posts: readonly Post[], signal?: AbortSignal, site?: ContentSite): Promise<ContentAnswer[]> {
    const { readContents } = await loadContents();
    // On this thread a slice stops after SLICE_MS (a post always done): a post whose Liquid spends its whole
    // budget holds requests alone, never with the rest of its chunk.
    const prepare = (chunk: readonly Post[]): ContentAnswer[] => readContents(this.#options, this.#config, chunk, site, performance.now() + SLICE_MS);
    const whole = (chunk: readonly Post[]): ContentAnswer[] => readContents(this.#options, this.#config, chunk, site);
    const isBig = (post: Post): boolean => (this.#scanner.sizeOf(post.path) ?? 0) >= BIG_POST_BYTES;
    const small = posts.filter((post) => !isBig(post));
    const big = posts.filter(isBig);
    // A helper gets the site's values once per job; it opens its own door to the site's files.
    const prelude = site ? ({ op: 'site', site: site.liquid } as const) : undefined;
    const [shared, ...alone] = await Promise.all([
      this.#pool.share(small, POSTS_PER_CHUNK, prepare, (chunk) => ({ op: 'contents', posts: chunk }), { signal, prelude }),
      ...big.map((post) => this.#pool.alone<ContentAnswer[]>({ op: 'contents', posts: [post] }, () => whole([post]), prelude)),
    ]);
    const byPath = new Map([...shared, ...alone.flat()].map((a) => [a.path, a]));
    // In the order asked for; structured cloning turns a helper's Buffers into Uint8Arrays: view them as Buffers.
    return posts.map((post) => {
      const a = byPath.get(post.path) as ContentAnswer;
      return 'missing' in a ? a : asBuffers(a);
    });
  }

  reset(): void {
    this.#scanner.reset();
  }

  records(): ReadonlyMap<string, FileRecord> {
    return this.#scanner.records();
  }

  restore(records: ReadonlyMap<string, FileRecord>): Generator<void, void> {
    return this.#scanner.restoring(records);
  }

  sample(budget: number): string[] {
    return this.#scanner.sample(budget);
  }

  list(signal?: AbortSignal): Promise<FileTable | undefined> {
    return runSliced(this.#scanner.table(), signal);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

function asBuffers<A extends PreparedPost>(answer: A): A {
  if (Buffer.isBuffer(answer.content.xml)) return answer;
  const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  const content: PreparedContent = { ...answer.content, xml: view(answer.content.xml), json: view(answer.content.json) };
  const items = Object.fromEntries(
    Object.entries(answer.items).map(([name, pieces]: [string, ItemPieces]) => [
      name,
      { before: { ...pieces.before, bytes: view(pieces.before.bytes) }, after: { ...pieces.after, bytes: view(pieces.after.bytes) } },
    ]),
  );
  return { ...answer, content, items };
}
