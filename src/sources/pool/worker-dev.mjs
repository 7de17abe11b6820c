// Development and tests only (the TypeScript sources run under tsx): Node 20 does not pass tsx's module
// hooks on to worker threads, so this plain-JavaScript entry registers them, then loads the worker.
// The built service starts dist/sources/pool/worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
