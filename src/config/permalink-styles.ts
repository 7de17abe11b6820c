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
