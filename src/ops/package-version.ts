import { readFileSync } from 'node:fs';

/**
 * The version in package.json (from dist/src/ops/, three levels up), read once: what `aisp --version` prints, so
 * that a release changes it in one place.
 */
export const packageVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
