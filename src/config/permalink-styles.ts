// Jekyll's named permalink styles (jekyll/utils.rb, `permalink_style`): a site whose _config.yml says
// `permalink: pretty`, or says nothing (`date`), gets the links Jekyll would give it.
export const PERMALINK_STYLES: Readonly<Record<string, string>> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/**
 * The pattern a permalink setting stands for: a style's, or the pattern itself when it starts with `/`.
 * Undefined for anything else (a misspelt style must not become a path).
 */
export function permalinkPattern(setting: string): string | undefined {
  const style = Object.hasOwn(PERMALINK_STYLES, setting) ? PERMALINK_STYLES[setting] : undefined;
  return style ?? (setting.startsWith('/') ? setting : undefined);
}

/**
 * Why a pattern's dots make it no permalink, or undefined. Jekyll turns every `..` into `/` and drops every
 * `./` (URL#sanitize_url), and a URL parser resolves a last `.`: `/:title/../../etc/` would not be where
 * the pattern says, or would be one link for every post. Said once, in the config, rather than per post.
 */
export function permalinkDotsProblem(pattern: string): string | undefined {
  if (!pattern.includes('..') && !pattern.includes('./') && !pattern.endsWith('/.')) return undefined;
  return `${JSON.stringify(pattern)} has a "." or ".." segment (or ".." or "./" within one): Jekyll removes them from links, so posts would not be where it says`;
}
