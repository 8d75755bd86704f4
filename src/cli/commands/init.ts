// `sitecheck init [DIR] [--sites FOLDER] [--force]`: set a repository up so that editors check site
// files as they are typed: a VS Code `yaml.schemas` entry for the installed schema, and an example
// site whose first line is the `$schema` line (explained in the file). Everything is planned first;
// if anything would be overwritten (without --force) or written through a symlink, nothing is written.
import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { safeWriteFile } from '../../util/safe-write.js';
import { INSTALLED_SCHEMA, schemaPathFor } from '../../util/schema-line.js';
import { displayPath } from '../../util/paths.js';
import { parse, UsageError, type IO } from '../options.js';

export const INIT_HELP = `Usage: sitecheck init [DIR] [--sites FOLDER] [--force]

Set a repository up for sitecheck (DIR, default: the current folder), for the installed layout
(sitecheck a devDependency, so its schema is at ${INSTALLED_SCHEMA}):
  .vscode/settings.json    a "yaml.schemas" entry: the site schema for FOLDER/**/*.yaml and *.yml
                           (VS Code with the YAML extension; other settings in the file are kept)
  FOLDER/example.yaml      an example site; its first line, explained in the file, points editors
                           that run the YAML language server at the schema, relative to the file
FOLDER is sites by default. Nothing is overwritten without --force, and nothing is ever written
through a symbolic link; when anything would be, nothing is written at all.

Options:
      --sites FOLDER  the inventory folder, relative to DIR (default: sites)
      --force         replace the example site, and add the entry to an existing settings.json
  -h, --help          this help

Exit codes: 0 set up (or already set up); 1 nothing written (a file exists, or a symlink is in
the way); 2 bad arguments.
`;

type Entry = Record<string, unknown>;

function lstat(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot look at ${displayPath(p)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function exampleSite(schemaPath: string, sitesFolder: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
#
# The line above is the $schema line. Editors that run the YAML language server (VS Code with Red
# Hat's YAML extension, Neovim, Helix, Zed, JetBrains IDEs…) read it to know which schema this
# file follows, then complete field names and mark mistakes as you type. The path is relative to
# this file and points at the schema inside the installed package (${INSTALLED_SCHEMA}),
# so it works for everyone who clones the repository and runs \`npm ci\`. A file one folder deeper
# (${sitesFolder}/region/site.yaml) needs one more ../ in front. In VS Code the entry in
# .vscode/settings.json already maps the schema to every file under ${sitesFolder}/; the line does
# no harm there and helps every other editor.
#
# An example site: edit it into one of yours, or delete it. Every fact may be \`unknown\`: a fact
# left unknown is never taken as "no". Check the inventory with: npx --no-install sitecheck check ${sitesFolder}/
id: EXAMPLE-0001
name: Example House
organisation: Example Department
address: 1 Example Street, London
government_location: true
ministerial_use: unknown
equipment:
  - id: CAM-001
    kind: cctv-camera
    manufacturer: Axis Communications
    model: P3268-LVE
    status: installed
`;
}

export async function initCommand(args: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(args, {
    help: { type: 'boolean', short: 'h' },
    force: { type: 'boolean' },
    sites: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`init takes one folder, not ${positionals.length}; see sitecheck init --help`);
  const root = positionals[0] ?? '.';
  const rootStat = lstat(root);
  if (!rootStat) throw new UsageError(`no such folder: ${root}`);
  if (!rootStat.isDirectory() && !(rootStat.isSymbolicLink() && lstat(join(root, '.')))) throw new UsageError(`not a folder: ${root}`);
  const sitesFolder = normalize(values.sites ?? 'sites').split(sep).join('/').replace(/\/+$/, '');
  if (sitesFolder === '' || sitesFolder === '.' || isAbsolute(sitesFolder) || sitesFolder.split('/').includes('..')) {
    throw new UsageError(`--sites takes a folder inside ${root}, such as sites or inventory/sites, not "${values.sites}"`);
  }
  const force = values.force === true;

  const problems: string[] = [];
  const notes: string[] = [];
  const writes: { path: string; text: string; overwrite: boolean; what: string }[] = [];
  /** A folder on the way to a file: absent (to be made), or a real folder; never a symlink. */
  const folderOk = (rel: string): boolean => {
    let at = root;
    for (const part of rel.split('/')) {
      at = join(at, part);
      const st = lstat(at);
      if (!st) return true;
      if (st.isSymbolicLink()) {
        problems.push(`${displayPath(at)} is a symbolic link; not writing through it`);
        return false;
      }
      if (!st.isDirectory()) {
        problems.push(`${displayPath(at)} is not a folder`);
        return false;
      }
    }
    return true;
  };

  // 1. .vscode/settings.json
  const globs = [`${sitesFolder}/**/*.yaml`, `${sitesFolder}/**/*.yml`];
  const key = `./${INSTALLED_SCHEMA}`;
  const settings = join(root, '.vscode', 'settings.json');
  const snippet = JSON.stringify({ 'yaml.schemas': { [key]: globs } }, null, 2);
  if (folderOk('.vscode')) {
    const st = lstat(settings);
    if (st?.isSymbolicLink()) problems.push(`${displayPath(settings)} is a symbolic link; not writing through it`);
    else if (st && !st.isFile()) problems.push(`${displayPath(settings)} is not a file`);
    else if (!st) writes.push({ path: settings, text: snippet + '\n', overwrite: false, what: 'the yaml.schemas entry for the site schema' });
    else {
      let current: unknown;
      try {
        current = JSON.parse(readFileSync(settings, 'utf8'));
      } catch {
        current = undefined;
      }
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        problems.push(`${displayPath(settings)} exists and is not plain JSON (comments?), so it is left alone (even with --force); add this entry to it by hand:\n${snippet}`);
      } else {
        const all = current as Entry;
        const schemas = all['yaml.schemas'];
        const mapped = typeof schemas === 'object' && schemas !== null && !Array.isArray(schemas) ? (schemas as Entry)[key] : undefined;
        const have = Array.isArray(mapped) ? mapped : typeof mapped === 'string' ? [mapped] : [];
        if (globs.every((g) => have.includes(g))) notes.push(`${displayPath(settings)} already maps the site schema to ${globs.join(' and ')}`);
        else if (!force) problems.push(`${displayPath(settings)} exists; not changed (use --force to add the yaml.schemas entry, keeping the other settings, or add it by hand):\n${snippet}`);
        else if (schemas !== undefined && (typeof schemas !== 'object' || schemas === null || Array.isArray(schemas))) problems.push(`${displayPath(settings)}: "yaml.schemas" is not an object; fix it by hand`);
        else {
          const merged = { ...all, 'yaml.schemas': { ...(schemas as Entry | undefined), [key]: [...new Set([...have, ...globs])] } };
          writes.push({ path: settings, text: JSON.stringify(merged, null, 2) + '\n', overwrite: true, what: 'the yaml.schemas entry added; other settings kept' });
        }
      }
    }
  }

  // 2. the example site, with the $schema line for the layout found (the installed one by default).
  const example = join(root, sitesFolder, 'example.yaml');
  const found = schemaPathFor(example);
  const depth = sitesFolder.split('/').length;
  const schemaPath = found ?? `${'../'.repeat(depth)}${INSTALLED_SCHEMA}`;
  if (!found) notes.push(`${INSTALLED_SCHEMA} is not there yet: install sitecheck as a devDependency (see the README) so that editors can load the schema`);
  const text = exampleSite(schemaPath, sitesFolder);
  if (folderOk(sitesFolder)) {
    const st = lstat(example);
    if (st?.isSymbolicLink()) problems.push(`${displayPath(example)} is a symbolic link; not writing through it`);
    else if (st && !st.isFile()) problems.push(`${displayPath(example)} is not a file`);
    else if (st && readFileSync(example, 'utf8') === text) notes.push(`${displayPath(example)} is already the example site`);
    else if (st && !force) problems.push(`${displayPath(example)} already exists; not overwritten (use --force to replace it)`);
    else writes.push({ path: example, text, overwrite: force, what: `an example site; its first line is the $schema line (${schemaPath})` });
  }

  if (problems.length) {
    for (const p of problems) io.stderr.write(`sitecheck init: ${p}\n`);
    io.stderr.write('sitecheck init: nothing written\n');
    return 1;
  }
  for (const w of writes) {
    mkdirSync(join(w.path, '..'), { recursive: true });
    safeWriteFile(w.path, w.text, { overwrite: w.overwrite });
    io.stdout.write(`wrote ${displayPath(w.path)}: ${w.what}\n`);
  }
  for (const n of notes) io.stdout.write(`note: ${n}\n`);
  io.stdout.write(`Editors: VS Code reads .vscode/settings.json (install the YAML extension, redhat.vscode-yaml); other editors read the $schema line at the top of a site file. The schema is ${INSTALLED_SCHEMA}, and its path in a $schema line is relative to the file (${relative(join(root, sitesFolder), join(root, INSTALLED_SCHEMA)).split(sep).join('/')} from ${sitesFolder}/).\n`);
  return 0;
}
