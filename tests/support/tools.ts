// Suites that need an outside program (a browser, tmux, xmllint) find it here. When it is missing
// the suite is skipped, and one line per skipped suite ("skipped FILE: TOOL not found (…); how to
// install it") is printed at the end of the run (tests/support/global-setup.ts). With
// SITECHECK_REQUIRE_TOOLS=1 (as .ci/run sets) a missing tool is a failing test instead of a skip.
import { appendFileSync, accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Tool {
  /** What the suite needs, as the skip line names it. */
  readonly name: string;
  /** Where it was found, or undefined. */
  readonly path: string | undefined;
  /** Where it was looked for (environment variables and program names). */
  readonly lookedFor: string;
  /** How to install it. */
  readonly install: string;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` found on PATH. */
export function onPath(...names: string[]): string | undefined {
  for (const name of names) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir && executable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** The browser: CHROMIUM_PATH when set (and only that), else chromium, chromium-browser or google-chrome on PATH. */
export function chromium(): Tool {
  const set = process.env.CHROMIUM_PATH;
  return {
    name: 'chromium',
    path: set ? (executable(set) ? set : undefined) : onPath('chromium', 'chromium-browser', 'google-chrome'),
    lookedFor: set ? `CHROMIUM_PATH=${set}` : 'CHROMIUM_PATH, chromium, chromium-browser, google-chrome',
    install: 'apt-get install chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)',
  };
}

export function tmux(): Tool {
  return { name: 'tmux', path: onPath('tmux'), lookedFor: 'tmux on PATH', install: 'apt-get install tmux' };
}

export function xmllint(): Tool {
  return { name: 'xmllint', path: onPath('xmllint'), lookedFor: 'xmllint on PATH', install: 'apt-get install libxml2-utils' };
}

/** setpriv (util-linux), used to run a command as an unprivileged user when the tests run as root. */
export function setpriv(): Tool {
  return { name: 'setpriv', path: onPath('setpriv'), lookedFor: 'setpriv on PATH', install: 'apt-get install util-linux' };
}

export function skipLine(file: string, tool: Tool): string {
  return `skipped ${file}: ${tool.name} not found (${tool.lookedFor}); ${tool.install}`;
}

/**
 * True when every tool was found. Otherwise records the skip line for the calling test file (pass
 * `import.meta.url`) and returns false, so that the suite can be declared with describe.skipIf;
 * under SITECHECK_REQUIRE_TOOLS=1 it also declares a failing test saying what is missing.
 */
export function haveTools(testFileUrl: string, ...tools: Tool[]): boolean {
  const missing = tools.filter((t) => t.path === undefined);
  if (missing.length === 0) return true;
  const file = relative(ROOT, fileURLToPath(testFileUrl));
  for (const t of missing) {
    const line = skipLine(file, t);
    if (process.env.SITECHECK_SKIP_LOG) appendFileSync(process.env.SITECHECK_SKIP_LOG, line + '\n');
  }
  if (process.env.SITECHECK_REQUIRE_TOOLS === '1') {
    describe('tools this suite needs (SITECHECK_REQUIRE_TOOLS=1)', () => {
      for (const t of missing) {
        it(`${t.name} is installed`, () => {
          throw new Error(`${skipLine(file, t)}. SITECHECK_REQUIRE_TOOLS=1 turns this skip into a failure.`);
        });
      }
    });
  }
  return false;
}
