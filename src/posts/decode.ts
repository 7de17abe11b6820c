// What a file's bytes are: binary or text, and where they stop being UTF-8.
import { isUtf8 } from 'node:buffer';

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

/** 1-based line of the first byte that is not UTF-8 (decoding makes it U+FFFD); undefined when all are. */
export function invalidUtf8Line(bytes: Uint8Array): number | undefined {
  return isUtf8(bytes) ? undefined : firstInvalidLine(bytes);
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
