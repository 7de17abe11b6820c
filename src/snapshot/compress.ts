// Compression of a document's bytes: at most once per document version, on first demand, off the main
// thread (libuv's pool), memoised in the document. Never per request.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

// gzip 9 and brotli 6 cost about the same as gzip 6 on feeds and save a few percent more; brotli 10-11
// would cost ~0.2 s per large feed (npm run bench measures these).
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 9 };
const brotliOptions = (size: number): zlib.BrotliOptions => ({
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

export type Compression = 'gzip' | 'br';

/**
 * What decides compress()'s bytes besides its input: the settings and the zlib and brotli the process
 * runs. Two processes with the same stamp make the same `.gz` and `.br` of the same bytes, so a build
 * may reuse the previous tree's files only when that tree's stamp is its own (src/cli/previous-tree.ts):
 * another Node's zlib may compress the same bytes differently.
 */
export const COMPRESSION_STAMP = createHash('sha256')
  .update(JSON.stringify([GZIP_OPTIONS, brotliOptions(0), process.versions.zlib, process.versions.brotli]))
  .digest('hex')
  .slice(0, 8);

export function compress(bytes: Buffer, encoding: Compression): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer): void => (err ? reject(err) : resolve(out));
    if (encoding === 'gzip') zlib.gzip(bytes, GZIP_OPTIONS, done);
    else zlib.brotliCompress(bytes, brotliOptions(bytes.length), done);
  });
}
