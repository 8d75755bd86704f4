// Shared helpers for the report tests: a scratch copy of an inventory (so tests may edit inputs and
// rules), and the CLI run in-process with captured output.
import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const AS_OF = '2026-11-22';

/** A hostile site: markup and Markdown in every free-text field. */
export const HOSTILE_SITE = `id: EVIL-1
name: "<script>window.__pwned = 1</script><img src=x onerror=alert(1)> **bold** | pipe [link](http://example.com)"
organisation: "</script><!-- --> & co"
address: "<iframe src='https://example.com'></iframe>"
government_location: true
classified_material:
  highest: SECRET
  frequency: routine
equipment:
  - id: CAM-1
    kind: cctv-camera
    manufacturer: "Hikvision <script>alert(2)</script>"
    model: "<img src=x onerror=alert(3)>"
    status: installed
`;

/** A hostile file that does not validate: its error message quotes the markup. */
export const HOSTILE_BAD_SITE = `id: EVIL-2
name: Bad
equipment:
  - id: "<img src=x onerror=alert(4)>"
    kind: cctv-camera
    manufacturer: Axis
    status: installed
`;

/** A scratch folder holding a copy of sites/ (plus a hostile site) and of rules/. */
export function scratch(opts: { hostile?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-report-'));
  cpSync(join(REPO, 'sites'), join(dir, 'sites'), { recursive: true });
  cpSync(join(REPO, 'rules'), join(dir, 'rules'), { recursive: true });
  if (opts.hostile) {
    mkdirSync(join(dir, 'sites', 'hostile'), { recursive: true });
    writeFileSync(join(dir, 'sites', 'hostile', 'evil.yaml'), HOSTILE_SITE);
    writeFileSync(join(dir, 'sites', 'hostile', '<img src=x onerror=alert(5)>.yaml'), HOSTILE_BAD_SITE);
    // A path that reads "</script>" (a folder named "<" holding "script>.yaml") and one with "-->".
    mkdirSync(join(dir, 'sites', 'hostile', '<'));
    writeFileSync(join(dir, 'sites', 'hostile', '<', 'script>.yaml'), 'id: EVIL-3\nname: x\n');
    writeFileSync(join(dir, 'sites', 'hostile', '-->.yaml'), 'id: EVIL-4\nname: "-->"\n');
  }
  return dir;
}

/** Run the CLI in `cwd` and capture its output. */
export async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(args, { stdout, stderr, env: { NO_COLOR: '1' } });
    return { code, stdout: out, stderr: err };
  } finally {
    process.chdir(before);
  }
}
