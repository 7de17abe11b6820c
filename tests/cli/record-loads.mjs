// `node --import ./record-loads.mjs …`: appends to the file $FW_RECORD_LOADS the URL of every ES module
// loaded (through a module hook) and, at exit, the path of every CommonJS module in require.cache, which
// covers what packages require() inside themselves. The lazy-loading test reads the list.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let file = process.env.FW_RECORD_LOADS;

// Module hooks run on a thread of their own; this same file is their module, told the file by `data`.
if (isMainThread && file) {
  register(import.meta.url, { data: file });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      file,
      Object.keys(cache)
        .map((p) => `${p}\n`)
        .join(''),
    ),
  );
}

export function initialize(data) {
  file = data;
}

export async function load(url, context, nextLoad) {
  appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
