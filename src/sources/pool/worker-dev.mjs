// Development and tests only (the TypeScript sources run under tsx): Node 20 does not pass tsx's module
// hooks on to worker threads, so this plain-JavaScript entry registers them, then loads the worker named
// by its argument (the pool's by default). The built service starts the .js workers directly and never
// loads this file.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2] ?? './worker.ts');
