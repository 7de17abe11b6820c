// What a post says of itself as a podcast episode: `episode`, `season`, `episode_type`, `explicit`, and
// Podcasting 2.0's `transcript` and `chapters` (a URL or a path of the site, or a map with `url` or
// `path`, `type`, `language`, `rel`). Only a podcast's RSS feed writes them (render/podcast.ts).
import type { Episode, LinkedFile, Transcript } from '../post-media.js';
import { linkOf } from '../media-link.js';
import { isMediaType, typeOfName } from '../media-types.js';
import { preview } from '../preview.js';
import { describe, isScalar, warnings, type FieldContext, type FrontMatterData, type Read } from './field.js';

const EPISODE_TYPES = ['full', 'trailer', 'bonus'] as const;
const CHAPTERS_TYPE = 'application/json+chapters';

export function readEpisode(data: FrontMatterData, context: FieldContext): Read<Episode | undefined> {
  const { problems, warn } = warnings(context);
  const whole = (key: string): number | undefined => {
    const raw = data[key];
    if (raw === undefined || raw === null) return undefined;
    if (isScalar(raw) && /^\s*[1-9]\d{0,8}\s*$/.test(String(raw))) return Number(String(raw).trim());
    warn('FW_POST_BAD_FIELD', `${key}: ${preview(String(raw))} is not a whole number from 1; ignored`, key);
    return undefined;
  };
  const number = whole('episode');
  const season = whole('season');

  const typeKey = ['episode_type', 'episodeType', 'itunes_episode_type'].find((k) => data[k] !== undefined && data[k] !== null);
  let type: Episode['type'];
  if (typeKey) {
    const raw = String(data[typeKey]).trim().toLowerCase();
    type = EPISODE_TYPES.find((t) => t === raw);
    if (!type) warn('FW_POST_BAD_FIELD', `${typeKey}: ${preview(raw)} is not full, trailer or bonus; ignored`, typeKey);
  }

  let explicit: boolean | undefined;
  if (data.explicit !== undefined && data.explicit !== null) {
    const raw = String(data.explicit).trim().toLowerCase();
    explicit = ['true', 'yes', 'explicit'].includes(raw) ? true : ['false', 'no', 'clean'].includes(raw) ? false : undefined;
    if (explicit === undefined) warn('FW_POST_BAD_FIELD', `explicit: ${preview(raw)} is not true or false; ignored`, 'explicit');
  }

  const files = (key: string, fallbackType: string | undefined): (LinkedFile & { type: string; map: Record<string, unknown> })[] => {
    const raw = data[key];
    if (raw === undefined || raw === null) return [];
    const out: (LinkedFile & { type: string; map: Record<string, unknown> })[] = [];
    for (const entry of (Array.isArray(raw) ? raw : [raw]).slice(0, 10)) {
      const map: Record<string, unknown> = isScalar(entry)
        ? { url: entry }
        : entry !== null && typeof entry === 'object' && !Array.isArray(entry)
          ? (entry as Record<string, unknown>)
          : {};
      const value = isScalar(map.path) ? map.path : map.url;
      if (!isScalar(value)) {
        warn('FW_POST_BAD_FIELD', `${key}: expected a URL or a map with url or path, found ${describe(entry)}`, key);
        continue;
      }
      const link = linkOf(String(value), context.options.siteUrl, isScalar(map.path), context.options.mediaDir !== undefined);
      if ('bad' in link) {
        warn(link.outside ? 'FW_POST_MEDIA_MISSING' : 'FW_POST_BAD_FIELD', `${key}: ${preview(String(value))} ${link.bad}; left out`, key);
        continue;
      }
      const given = isScalar(map.type) && isMediaType(String(map.type).trim()) ? String(map.type).trim() : undefined;
      const type = given ?? fallbackType ?? typeOfName(String(value));
      if (!type) {
        warn('FW_POST_BAD_FIELD', `${key}: ${preview(String(value))} has no type, and its name tells none (give type:); left out`, key);
        continue;
      }
      out.push({ ...link, type, map });
    }
    return out;
  };

  const transcripts: Transcript[] = files('transcript', undefined).map(({ map, ...file }) => {
    const language = isScalar(map.language ?? map.lang) ? String(map.language ?? map.lang).trim() : '';
    const rel = isScalar(map.rel) ? String(map.rel).trim() : '';
    return { ...file, ...(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language) ? { language } : {}), ...(rel === 'captions' ? { rel } : {}) };
  });
  const chapters = files('chapters', CHAPTERS_TYPE).map(({ map: _map, type: _type, ...file }) => file)[0];

  const episode: Episode = {
    ...(number !== undefined ? { number } : {}),
    ...(season !== undefined ? { season } : {}),
    ...(type ? { type } : {}),
    ...(explicit !== undefined ? { explicit } : {}),
    ...(transcripts.length > 0 ? { transcripts } : {}),
    ...(chapters ? { chapters } : {}),
  };
  return { value: Object.keys(episode).length > 0 ? episode : undefined, problems };
}
