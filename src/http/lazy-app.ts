// The Express app, loaded when first asked for: Express and the routes are ~60 ms of module loading, and
// a warm start serves its cached documents and answers its probes without them (server.ts). The service
// loads it with the rendering stack, when its first rescan starts; a request that reaches it sooner (a
// webhook, /status) waits for the load.
import { once } from '../memo.js';
import { sendError } from './error-handler.js';
import type { AppHandler } from './server.js';

export interface LazyApp {
  /** What the listener hands every request it does not answer itself. */
  readonly handle: AppHandler;
  /** Loads the app (once); a failed load is tried again by the next call or request. */
  load(): Promise<AppHandler>;
}

export function lazyApp(make: () => Promise<AppHandler>, onError: (err: unknown) => void): LazyApp {
  const app = once(make);
  return {
    load: () => app.load(),
    handle: (req, res) => {
      const loaded = app.value;
      if (loaded) loaded(req, res);
      else
        app.load().then(
          (made) => made(req, res),
          (err: unknown) => sendError(res, err, onError),
        );
    },
  };
}
