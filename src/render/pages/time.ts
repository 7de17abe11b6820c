// A date on a page: the day in the site's time zone, with the exact instant in `datetime`.
import { wallTimeOf } from '../../posts/dates.js';
import { html, type Html } from './html.js';

export function timeTag(instant: number, timeZone: string): Html {
  const w = wallTimeOf(instant, timeZone);
  const day = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return html`<time datetime="${new Date(instant).toISOString()}">${day}</time>`;
}
