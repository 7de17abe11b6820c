// Strict XML 1.0 + Namespaces check through xmllint (libxml2-utils, which .ci/run installs).
// fast-xml-parser's validator (tests/helpers/xml.ts) accepts a stray `]]>`, `<` in an attribute,
// control characters and undeclared prefixes, which are exactly the traps these tests are about.
import { spawnSync } from 'node:child_process';

/** xmllint's complaints about `xml` (errors and namespace errors); '' when the document is well-formed. */
export function xmlProblems(xml: string): string {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint could not run (install libxml2-utils): ${run.error.message}`);
  return `${run.stderr}${run.status === 0 ? '' : `(exit ${run.status})`}`;
}
