// Compression, done once per changed document per rebuild, never per request.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

// Quality 9 gzip and brotli 6 cost about the same as gzip 6 here and save a few percent more; brotli
// 10-11 would cost ~0.2 s per large feed and slow every rescan (measured by npm run bench).
const GZIP_LEVEL = 9;
const BROTLI_QUALITY = 6;

export interface Compressed {
  readonly gzip: Buffer;
  readonly br: Buffer;
}

/** Runs on libuv's thread pool, so a rebuild compresses on every core while the main thread renders. */
export async function compress(bytes: Buffer): Promise<Compressed> {
  const [gz, br] = await Promise.all([
    gzip(bytes, { level: GZIP_LEVEL }),
    brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ]);
  return { gzip: gz, br };
}
