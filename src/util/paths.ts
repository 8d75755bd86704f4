import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as shown to users: relative to the working directory, with forward slashes. Control
 * characters in file names (which anyone who can add a file can choose), tab and newline included,
 * and the invisible format and direction marks that yaml-source refuses in site text, are shown as
 * \xNN / \uNNNN escapes, never passed to the terminal.
 */
export function displayPath(p: string): string {
  const rel = isAbsolute(p) ? relative(process.cwd(), p) : p;
  const shown = rel === '' ? '.' : rel;
  return shownName((sep === '\\' ? shown.split(sep).join('/') : shown).replace(/^\.\//, ''));
}

/**
 * What displayPath(folder + name) starts with, for any name that has no separator and is not
 * '.' or '..': `folder` is a normalised folder path ending in a separator (join(dir, 'x') less
 * its 'x'), or '' for the working folder. displayPath of such a path is this and the name escaped
 * by shownName, so a walk works it out once per folder, not once per file.
 */
export function shownFolder(folder: string): string {
  const rel = isAbsolute(folder) ? relative(process.cwd(), folder) : folder;
  if (rel === '') return '';
  const slashed = sep === '\\' ? rel.split(sep).join('/') : rel;
  return shownName(slashed.endsWith('/') ? slashed : slashed + '/');
}

// yaml-source's CONTROL_CHARACTER, plus tab and newline (tests/hardening check they agree).
const UNSHOWN = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

const UNSHOWN_ALL = new RegExp(UNSHOWN.source, 'g');

/** A name (or path) with what displayPath escapes escaped, and nothing else changed. */
export function shownName(name: string): string {
  if (!UNSHOWN.test(name)) return name;
  return name.replace(UNSHOWN_ALL, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}
