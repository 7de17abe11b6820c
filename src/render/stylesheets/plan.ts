// The XSLT stylesheets as snapshot documents: one per configured XML format, when feeds.stylesheet is on.
import type { Config } from '../../config/schema.js';
import type { DocumentPlan } from '../document-plan.js';
import { whole } from '../feed-document.js';
import { formatsFor } from '../formats.js';

export function planStylesheets(config: Config): DocumentPlan[] {
  if (!config.feeds.stylesheet) return [];
  return formatsFor(config.feeds.formats).flatMap(({ stylesheet }) =>
    stylesheet
      ? [
          {
            path: `/${stylesheet.file}`,
            // Browsers take text/xsl for XSLT (Chromium and Firefox both); it says what the file is.
            contentType: 'text/xsl; charset=utf-8',
            lastModified: undefined,
            inputs: stylesheet.file,
            render: () => whole(stylesheet.render(config)),
          },
        ]
      : [],
  );
}
