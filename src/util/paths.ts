import { isAbsolute, relative, sep } from 'node:path';

/** A path as shown to users: relative to the working directory, with forward slashes. */
export function displayPath(p: string): string {
  const rel = isAbsolute(p) ? relative(process.cwd(), p) : p;
  const shown = rel === '' ? '.' : rel;
  return (sep === '\\' ? shown.split(sep).join('/') : shown).replace(/^\.\//, '');
}
