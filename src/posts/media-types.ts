// Media types of the files posts attach, by extension and, for a local file without one, by its first
// bytes. Apple Podcasts takes M4A, MP3, MOV, MP4, M4V, PDF and EPUB, under the types listed here.
import path from 'node:path';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/x-m4a',
  aac: 'audio/aac',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/opus',
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  m4v: 'video/x-m4v',
  mov: 'video/quicktime',
  webm: 'video/webm',
  ogv: 'video/ogg',
  pdf: 'application/pdf',
  epub: 'application/epub+zip',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  // Transcripts and chapters (Podcasting 2.0).
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  html: 'text/html',
  txt: 'text/plain',
};

/** The type a URL's or path's extension tells; undefined for none or an unknown one. */
export function typeOfName(name: string): string | undefined {
  const ext = path.posix
    .extname(name.replace(/[?#].*$/, ''))
    .slice(1)
    .toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** A media type as front matter may give it (`audio/mpeg`); anything else is not one. */
export function isMediaType(text: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/.test(text);
}

/** The type a file's first bytes tell (magic numbers); undefined when none of these. */
export function typeOfBytes(head: Uint8Array): string | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const ascii = (at: number, text: string): boolean => b.toString('latin1', at, at + text.length) === text;
  if (ascii(0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0 && ((b[1] ?? 0) & 0x06) !== 0)) return 'audio/mpeg';
  if (ascii(4, 'ftyp')) {
    const brand = b.toString('latin1', 8, 12);
    if (brand === 'M4A ' || brand === 'M4B ') return 'audio/x-m4a';
    if (brand === 'M4V ') return 'video/x-m4v';
    if (brand === 'qt  ') return 'video/quicktime';
    return 'video/mp4';
  }
  if (ascii(0, 'OggS')) return 'audio/ogg';
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'audio/wav';
  if (ascii(0, 'fLaC')) return 'audio/flac';
  if (ascii(0, '%PDF')) return 'application/pdf';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(1, 'PNG')) return 'image/png';
  if (ascii(0, 'GIF8')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  return undefined;
}
