#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (prebuilt in the release tarball; built by
// `npm ci` or a git install through the `prepare` script). When dist/ is missing, say so and how
// to get it, rather than failing with a raw ERR_MODULE_NOT_FOUND.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `sitecheck: this copy has not been built: ${fileURLToPath(entry)} is missing.\n` +
      `  In a clone of the repository: run \`npm ci\` (or \`npm run build\`) in ${root}\n` +
      '  Installed from git with --ignore-scripts (or a failed build): install the release tarball\n' +
      '  instead, which has dist/ prebuilt: npm install --save-dev ./sitecheck-<version>.tgz\n',
  );
  process.exitCode = 2;
} else {
  let main;
  try {
    ({ main } = await import(entry.href));
  } catch (err) {
    // A dependency missing from node_modules, or a half-built dist/: say which, not a stack trace.
    const code = err && typeof err === 'object' && 'code' in err ? ` (${err.code})` : '';
    process.stderr.write(
      `sitecheck: cannot load the program${code}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n` +
        '  Reinstall it (npm ci in your repository, or in a clone of sitecheck; npm run build rebuilds dist/).\n',
    );
    process.exit(2);
  }
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`sitecheck: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
