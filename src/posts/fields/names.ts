// `categories` and `tags` (or `category`, `tag`): names read as Jekyll reads them (taxonomy.ts), with
// values that are not names and names past the limits reported.
import { limitNames, LIMITS } from '../limits.js';
import { foldName, namesFrom } from '../taxonomy.js';
import { warnings, type Read, type FieldContext, type FrontMatterData } from './field.js';

export function readNames(data: FrontMatterData, context: FieldContext, singular: string, plural: string): Read<readonly string[]> {
  const { problems, warn } = warnings(context);
  const key = data[singular] !== undefined && data[singular] !== null ? singular : plural;
  const found = namesFrom(data, singular, plural);
  for (const bad of found.rejected) warn('FW_POST_BAD_FIELD', `${key}: ${bad} is not a name; left out`, key);
  const limited = limitNames(found.names, foldName);
  if (limited.dropped > 0) {
    const count = found.more ? `${found.names.length} names or more` : `${found.names.length} names`;
    warn('FW_POST_OVER_LIMIT', `${key}: ${count}; the first ${LIMITS.names} are kept`, key);
  }
  if (limited.cut > 0) warn('FW_POST_OVER_LIMIT', `${key}: names cut to ${LIMITS.nameLength} characters: ${limited.cut}`, key);
  return { value: limited.names, problems };
}
