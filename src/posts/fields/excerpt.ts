// The summary a post gives itself (`excerpt`, `description` or `summary`): Jekyll renders an excerpt as
// HTML; the feeds want its text.
import { htmlToText } from '../text.js';
import { isScalar, type Read, type FrontMatterData } from './field.js';

export function readExcerpt(data: FrontMatterData): Read<string | undefined> {
  const key = ['excerpt', 'description', 'summary'].find((k) => isScalar(data[k]) && String(data[k]).trim() !== '');
  return { value: key ? htmlToText(String(data[key])) || undefined : undefined, problems: [] };
}
