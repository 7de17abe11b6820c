// A whole scan at once, from the scanner's public steps (list, read, apply), as the rescan's post source
// runs them in slices (src/sources/post-source.ts): for tests of the posts stage alone.
import type { PostScanner, ScanDelta } from '../../src/posts/scan.js';
import { runToEnd } from '../../src/slices.js';

export function scanNow(scanner: PostScanner): ScanDelta {
  const listing = runToEnd(scanner.list());
  return scanner.apply(
    listing,
    listing.toRead.map((file) => scanner.read(file)),
  );
}

/** The listing alone: what the next scan would read. */
export function listNow(scanner: PostScanner): ReturnType<PostScanner['list']> extends Generator<void, infer L> ? L : never {
  return runToEnd(scanner.list());
}
