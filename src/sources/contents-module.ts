// The rendering stack (Liquid, Markdown, kramdown, highlighting) is ~0.15 s of module loading. The service
// loads it when its first rescan starts, not with the rest of its code: a warm start serves its cached
// documents before it. What renders without waiting (an archive page, a query feed) does so on a
// snapshot a rescan built, so after the load; were it ever asked before, it says so rather than guess.
type Contents = typeof import('./contents.js');

let loaded: Contents | undefined;
let loading: Promise<Contents> | undefined;

/** Loads the rendering stack (once); what every rescan awaits before it renders. */
export function loadContents(): Promise<Contents> {
  loading ??= import('./contents.js').then(
    (module) => {
      loaded = module;
      return module;
    },
    (err: unknown) => {
      // Tried again by the next caller (a rescan that failed on it is retried as any other).
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The rendering stack, loaded by an earlier loadContents. */
export function contentsModule(): Contents {
  if (!loaded) throw new Error('the rendering modules are not loaded yet (loadContents was not awaited)');
  return loaded;
}
