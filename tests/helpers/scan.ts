// A whole scan at once, from the scanner's public steps (list, read, apply), as the rescan's post source
// runs them in slices (src/rescan/post-source.ts): for tests of the posts stage alone.
import { PostScanner, type ScanDelta } from '../../src/posts/scan.js';

export function scanNow(scanner: PostScanner): ScanDelta {
  const steps = scanner.list();
  let r = steps.next();
  while (!r.done) r = steps.next();
  return scanner.apply(
    r.value,
    r.value.toRead.map((file) => scanner.read(file)),
  );
}

/** The listing alone: what the next scan would read. */
export function listNow(scanner: PostScanner): ReturnType<PostScanner['list']> extends Generator<void, infer L> ? L : never {
  const steps = scanner.list();
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}
