// `enclosure` (or `enclosures`): a post's audio, video or other files, one map or a list of maps (or a
// URL alone), each with `url` or `path` (a file of the site, measured by post-reader.ts), `type`,
// `length`, `duration` and `title`. The names other tools give the same things are read too, where they
// cannot mean anything else: JSON Feed's attachment keys (`mime_type`, `size_in_bytes`,
// `duration_in_seconds`), Media RSS's `fileSize`, and the Jekyll podcast templates' `podcast_link` /
// `podcast_file`, `podcast_length` / `podcast_bytes` and `podcast_duration` beside the other front matter.
import type { Enclosure } from '../post-media.js';
import { linkOf } from '../media-link.js';
import { isMediaType, typeOfName } from '../media-types.js';
import { oneLine } from '../text.js';
import { preview } from '../preview.js';
import { describe, isScalar, warnings, type FieldContext, type FrontMatterData, type Read } from './field.js';

/** Enclosures one post may have. */
export const ENCLOSURES_PER_POST = 20;

const URL_KEYS = ['url', 'href', 'src', 'link'];
const PATH_KEYS = ['path', 'file'];
const TYPE_KEYS = ['type', 'mime_type', 'mimeType', 'mime'];
const LENGTH_KEYS = ['length', 'size_in_bytes', 'fileSize', 'filesize', 'bytes', 'size'];
const DURATION_KEYS = ['duration', 'duration_in_seconds'];

export function readEnclosures(data: FrontMatterData, context: FieldContext): Read<readonly Enclosure[] | undefined> {
  const { problems, warn } = warnings(context);
  const problem = (code: 'FW_POST_BAD_FIELD' | 'FW_POST_MEDIA_MISSING', why: string): void => warn(code, `${at}: ${why}`, at);
  const key =
    data.enclosure !== undefined && data.enclosure !== null
      ? 'enclosure'
      : data.enclosures !== undefined && data.enclosures !== null
        ? 'enclosures'
        : undefined;
  let entries: unknown[];
  let at = '';
  if (key !== undefined) {
    const raw = data[key];
    entries = Array.isArray(raw) ? raw : [raw];
    at = key;
  } else {
    const legacy = podcastTemplateEnclosure(data);
    if (!legacy) return { value: undefined, problems };
    entries = [legacy.entry];
    at = legacy.key;
  }
  const out: Enclosure[] = [];
  for (const entry of entries.slice(0, ENCLOSURES_PER_POST)) {
    const read = enclosureOf(entry, context, problem);
    if (read) out.push(read);
  }
  if (entries.length > ENCLOSURES_PER_POST) warn('FW_POST_OVER_LIMIT', `${at}: ${entries.length} files; the first ${ENCLOSURES_PER_POST} are kept`, at);
  return { value: out.length > 0 ? out : undefined, problems };
}

/** The Jekyll podcast templates' flat keys, as one enclosure map. */
function podcastTemplateEnclosure(data: FrontMatterData): { key: string; entry: Record<string, unknown> } | undefined {
  const key = ['podcast_link', 'podcast_file'].find((k) => isScalar(data[k]));
  if (!key) return undefined;
  const length = data.podcast_length ?? data.podcast_bytes;
  return {
    key,
    entry: {
      [key === 'podcast_file' && !/^https?:|^\/\//.test(String(data[key])) ? 'path' : 'url']: data[key],
      ...(length !== undefined ? { length } : {}),
      ...(data.podcast_duration !== undefined ? { duration: data.podcast_duration } : {}),
    },
  };
}

function enclosureOf(
  entry: unknown,
  context: FieldContext,
  report: (code: 'FW_POST_BAD_FIELD' | 'FW_POST_MEDIA_MISSING', why: string) => void,
): Enclosure | undefined {
  const bad = (why: string): void => report('FW_POST_BAD_FIELD', why);
  const { siteUrl, mediaDir } = context.options;
  const measured = mediaDir !== undefined;
  if (isScalar(entry)) entry = { url: entry };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    bad(`expected a URL or a map with url or path, found ${describe(entry)}`);
    return undefined;
  }
  const map = entry as Record<string, unknown>;
  const pick = (keys: readonly string[]): unknown => keys.map((k) => map[k]).find((v) => v !== undefined && v !== null);
  const rawUrl = pick(URL_KEYS);
  const rawPath = pick(PATH_KEYS);
  if (!isScalar(rawUrl) && !isScalar(rawPath)) {
    bad(`a file needs url or path, found ${rawUrl === undefined && rawPath === undefined ? 'neither' : describe(rawUrl ?? rawPath)}`);
    return undefined;
  }
  // Both: the URL is what readers fetch (a CDN's, say) and the path the same file here, to measure.
  const published = isScalar(rawUrl) ? linkOf(String(rawUrl), siteUrl, false, measured) : undefined;
  const file = isScalar(rawPath) ? linkOf(String(rawPath), siteUrl, true, measured) : undefined;
  for (const [name, link, raw] of [
    ['url', published, rawUrl],
    ['path', file, rawPath],
  ] as const) {
    if (link && 'bad' in link) {
      report(link.outside ? 'FW_POST_MEDIA_MISSING' : 'FW_POST_BAD_FIELD', `${name} ${preview(String(raw))} ${link.bad}; the post is published without it`);
      return undefined;
    }
  }
  const url = published && !('bad' in published) ? published.url : file && !('bad' in file) ? file.url : '';
  const local = file && !('bad' in file) ? file.local : published && !('bad' in published) ? published.local : undefined;

  const rawType = pick(TYPE_KEYS);
  let type: string | undefined;
  if (isScalar(rawType) && isMediaType(String(rawType).trim())) type = String(rawType).trim().toLowerCase();
  else if (rawType !== undefined && rawType !== null) bad(`type ${preview(String(rawType))} is not a media type such as audio/mpeg; ignored`);
  type ??= typeOfName(isScalar(rawPath) ? String(rawPath) : new URL(url).pathname);

  const length = readLength(pick(LENGTH_KEYS), bad);
  const duration = readDuration(pick(DURATION_KEYS), bad);
  const title = isScalar(map.title) ? oneLine(String(map.title)) : '';
  return {
    url,
    ...(local !== undefined ? { local } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(length !== undefined ? { length } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(title ? { title } : {}),
  } as Enclosure;
}

/** Bytes: a whole number, or digits in a string. `13.7 MB` (a template's display size) is not one. */
function readLength(raw: unknown, bad: (why: string) => void): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim();
  if ((typeof raw === 'number' || typeof raw === 'string') && /^\d{1,15}$/.test(text)) return Number(text);
  bad(`length ${preview(text)} is not a number of bytes; ignored`);
  return undefined;
}

/**
 * Seconds, from a number or from `SS`, `MM:SS` or `HH:MM:SS` (what iTunes's `itunes:duration` takes):
 * `1:2:3:4`, negative or non-numeric ones are reported and ignored.
 */
export function readDuration(raw: unknown, bad: (why: string) => void): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const seconds = durationSeconds(raw);
  if (seconds === undefined) bad(`duration ${preview(String(raw))} is not seconds, MM:SS or HH:MM:SS; ignored`);
  return seconds;
}

function durationSeconds(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 && raw < 1e9 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (/^\d{1,9}(\.\d+)?$/.test(text)) return Number(text);
  const m = /^(\d{1,6}):(\d{1,2})(?::(\d{1,2}))?(\.\d+)?$/.exec(text);
  if (!m) return undefined;
  const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  const fraction = m[4] ? Number(m[4]) : 0;
  if (c === undefined) return b < 60 ? a * 60 + b + fraction : undefined;
  return b < 60 && c < 60 ? a * 3600 + b * 60 + c + fraction : undefined;
}
