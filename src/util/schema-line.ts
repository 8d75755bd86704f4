// The `# yaml-language-server: $schema=…` line written at the top of new site files (import, the
// TUI, init), so that editors running the YAML language server check the file as it is typed. The
// path is relative to the file and must work for everyone who clones the user's repository, so it
// goes through the layout found above the file, never through where this copy happens to be:
//   - <dir>/node_modules/sitecheck/schema/site.schema.json: the installed layout (a devDependency);
//     kept as the node_modules path even when that is a symlink (a folder install), since the
//     target of the link is particular to one machine;
//   - <dir> is this very package (a clone of sitecheck itself): <dir>/schema/site.schema.json.
// The nearest such folder above the file wins. Only the existence of those two paths is looked at;
// nothing is read.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { SCHEMA_DIR } from '../input/schemas.js';

/** Where the installed schema is, relative to a repository's root. */
export const INSTALLED_SCHEMA = 'node_modules/sitecheck/schema/site.schema.json';

function real(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * The schema path to write in `file` (relative to the file's folder, with forward slashes), or
 * undefined when neither layout is found above it (then no line is better than a wrong one).
 */
export function schemaPathFor(file: string): string | undefined {
  const packageRoot = real(resolve(SCHEMA_DIR, '..'));
  const from = dirname(resolve(file));
  for (let dir = from; ; dir = dirname(dir)) {
    const installed = join(dir, INSTALLED_SCHEMA);
    let schema: string | undefined;
    if (existsSync(installed)) schema = installed;
    else if (packageRoot !== undefined && real(dir) === packageRoot && existsSync(join(dir, 'schema/site.schema.json'))) schema = join(dir, 'schema/site.schema.json');
    if (schema) return relative(from, schema).split(sep).join('/');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The comment line (without `#` and a newline), for the `yaml` Document API's commentBefore. */
export function schemaComment(path: string): string {
  return ` yaml-language-server: $schema=${path}`;
}
