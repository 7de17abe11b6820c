// A file's bytes → text with LF line endings and no BOM, and where the bytes stop being UTF-8.
import { isUtf8 } from 'node:buffer';

export interface Decoded {
  readonly text: string;
  /** 1-based line of the first byte that is not UTF-8 (replaced by U+FFFD); undefined when all are. */
  readonly invalidLine: number | undefined;
}

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): Decoded {
  const invalidLine = isUtf8(bytes) ? undefined : firstInvalidLine(bytes);
  // Editors on Windows write a BOM and CRLF; Jekyll accepts both, so the front matter must still be found.
  const text = lenient.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
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
