// A file's bytes → text with LF line endings and no BOM, and where the bytes stop being UTF-8.
import { isUtf8 } from 'node:buffer';

export interface Decoded {
  readonly text: string;
  /** 1-based line of the first byte that is not UTF-8 (replaced by U+FFFD); undefined when all are. */
  readonly invalidLine: number | undefined;
}

/**
 * Git's test for binary (a NUL in the first 8,000 bytes), except that UTF-8 text with a stray NUL or two
 * (a broken editor, a bad paste) is text: the NUL is removed like any control character. Images and other
 * binaries are not UTF-8; UTF-16 text is NUL every other byte.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8000);
  if (!head.includes(0)) return false;
  let nuls = 0;
  for (const byte of head) if (byte === 0) nuls++;
  return nuls > head.length / 10 || !isUtf8(bytes);
}

export function decodeText(bytes: Uint8Array): Decoded {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const invalidLine = isUtf8(buffer) ? undefined : firstInvalidLine(buffer);
  // Decoding replaces bad bytes with U+FFFD. Editors on Windows write a BOM and CRLF; Jekyll accepts
  // both, so the front matter must still be found.
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return { text, invalidLine };
}

/** A LF byte never occurs inside a UTF-8 sequence, so each line can be checked on its own. */
function firstInvalidLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (!isUtf8(bytes.subarray(start, i))) return line;
    line++;
    start = i + 1;
  }
  return line;
}
