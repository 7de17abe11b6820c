// The static files the pages and feed stylesheets use, as snapshot documents under /assets/.
import { ICON } from './assets/icon.js';
import { SCRIPT } from './assets/script.js';
import { STYLE } from './assets/style.js';

export interface Asset {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

export const STYLE_PATH = '/assets/site.css';
export const SCRIPT_PATH = '/assets/site.js';
export const ICON_PATH = '/assets/icon.svg';

export const ASSETS: readonly Asset[] = [
  { path: STYLE_PATH, contentType: 'text/css; charset=utf-8', body: STYLE },
  { path: SCRIPT_PATH, contentType: 'text/javascript; charset=utf-8', body: SCRIPT },
  { path: ICON_PATH, contentType: 'image/svg+xml; charset=utf-8', body: ICON },
];
