// The site's own files a post links (its picture, enclosures, transcripts, chapters), measured when the
// post is read: an enclosure's length is the file's size and, when front matter gives none, its type is
// what its name or first bytes tell. A file that is missing, or reached through a link out of media.dir,
// is reported and left out (the post is published without it). Each file's size and time are kept with
// the post's record, so a scan reads the post again when one of its files changes (scan.ts).
import fs from 'node:fs';
import path from 'node:path';
import { problem, type Problem } from '../errors.js';
import type { Post } from './post.js';
import type { Enclosure, LinkedFile, PostMedia } from './post-media.js';
import { typeOfBytes, typeOfName } from './media-types.js';

/** A linked file as measured: size and time, or -1 for both when it was missing. */
export interface MediaStamp {
  readonly local: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface Measured {
  readonly post: Post;
  readonly problems: readonly Problem[];
  readonly stamps: readonly MediaStamp[];
}

const MISSING = -1;

/** Measures the files `post` links under `dir`; a post with none comes back as it is. */
export function measureMedia(post: Post, dir: string): Measured {
  const media = post.media;
  if (!media) return { post, problems: [], stamps: [] };
  const root = realRoot(dir);
  const problems: Problem[] = [];
  const stamps = new Map<string, MediaStamp>();
  const look = (file: LinkedFile | { readonly local?: string }, what: string): fs.Stats | undefined => {
    if (file.local === undefined) return undefined;
    const found = statInside(root, file.local);
    stamps.set(file.local, found ? { local: file.local, size: found.size, mtimeMs: found.mtimeMs } : { local: file.local, size: MISSING, mtimeMs: MISSING });
    if (!found) problems.push(problem('FW_POST_MEDIA_MISSING', post.path, `${what} ${file.local} is not a file in media.dir (${dir})`, undefined, 'warning'));
    return found;
  };

  let image = post.image;
  let picture = media.picture;
  if (picture?.local !== undefined && !look(picture, 'image')) {
    image = undefined;
    picture = undefined;
  }
  const enclosures = media.enclosures?.flatMap((e): Enclosure[] => {
    if (e.local === undefined) return [e];
    const stat = look(e, 'enclosure');
    if (!stat) return [];
    const type = e.type ?? typeOfName(e.local) ?? sniff(root, e.local);
    return [{ ...e, length: stat.size, ...(type ? { type } : {}) }];
  });
  let episode = media.episode;
  if (episode) {
    const { transcripts, chapters, ...rest } = episode;
    const kept = transcripts?.filter((t) => t.local === undefined || look(t, 'transcript'));
    const chaptersKept = chapters && (chapters.local === undefined || look(chapters, 'chapters')) ? chapters : undefined;
    episode = { ...rest, ...(kept && kept.length > 0 ? { transcripts: kept } : {}), ...(chaptersKept ? { chapters: chaptersKept } : {}) };
  }

  const next: PostMedia = {
    ...(picture ? { picture } : {}),
    ...(enclosures && enclosures.length > 0 ? { enclosures } : {}),
    ...(episode && Object.keys(episode).length > 0 ? { episode } : {}),
  };
  const { media: _old, ...rest } = post;
  return { post: { ...rest, image, ...(Object.keys(next).length > 0 ? { media: next } : {}) }, problems, stamps: [...stamps.values()] };
}

/** Whether any measured file differs now (size, time, or there or not): the post must be read again. */
export function mediaChanged(stamps: readonly MediaStamp[] | undefined, dir: string | undefined): boolean {
  if (!stamps || stamps.length === 0 || dir === undefined) return false;
  const root = realRoot(dir);
  return stamps.some((s) => {
    const now = statInside(root, s.local);
    return now ? now.size !== s.size || now.mtimeMs !== s.mtimeMs : s.size !== MISSING;
  });
}

/** media.dir as the file system has it (links resolved), so that a file's real path can be compared with it. */
function realRoot(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** The regular file at `local` under `root`, unless it or a link on its way leads outside `root`. */
function statInside(root: string, local: string): fs.Stats | undefined {
  const full = path.resolve(root, local);
  if (!full.startsWith(root + path.sep)) return undefined;
  try {
    const real = fs.realpathSync(full);
    if (!real.startsWith(root + path.sep)) return undefined;
    const stat = fs.statSync(real);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** A file's type from its first bytes. */
function sniff(root: string, local: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(fs.realpathSync(path.resolve(root, local)), 'r');
    const head = Buffer.alloc(16);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return typeOfBytes(head.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
