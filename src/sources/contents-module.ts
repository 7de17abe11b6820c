// The rendering stack (Liquid, Markdown, kramdown, highlighting) is ~0.15 s of module loading. The service
// loads it when its first rescan starts, not with the rest of its code: a warm start serves its cached
// documents before it. What renders without waiting (an archive page, a query feed) does so on a
// snapshot a rescan built, so after the load; were it ever asked before, it says so rather than guess.
import { once } from '../memo.js';

type Contents = typeof import('./contents.js');

const contents = once(() => import('./contents.js'));

/** Loads the rendering stack (once; a failed load is tried again by the next rescan); what every rescan awaits before it renders. */
export function loadContents(): Promise<Contents> {
  return contents.load();
}

/** The rendering stack, loaded by an earlier loadContents. */
export function contentsModule(): Contents {
  const loaded = contents.value;
  if (!loaded) throw new Error('the rendering modules are not loaded yet (loadContents was not awaited)');
  return loaded;
}
