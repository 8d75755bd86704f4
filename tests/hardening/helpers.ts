// Helpers for the hardening and fuzz suites: scratch folders, and the CLI run in-process with its
// output captured (the same `main` the launcher calls, so exit codes are the real ones).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export function scratch(prefix = 'sitecheck-hardening-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write files (name → text or bytes) into a new scratch folder and return its path. */
export function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = scratch();
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, env: { NO_COLOR: '1' } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A complete, valid site: every field the format defines, sensitive on all four limbs. */
export const FULL_SITE = `# A full example site
id: HX-0001
name: Harbour Exchange
organisation: Ministry of Examples
address: 1 Example Quay, London
government_location: true
classified_material:
  highest: SECRET
  frequency: routine
vetting:
  staff_total: 400
  developed_vetting: 120
  significant: unknown
ministerial_use: routine
socpa:
  designated: true
  order: SI 2007/930
equipment:
  - id: CAM-1
    kind: cctv-camera
    manufacturer: Hikvision
    model: DS-2CD2143G2-I
    status: installed
    removal_due: 2025-04-30
  - id: NVR-1
    kind: nvr
    manufacturer: Axis Communications
    status: planned
assessment:
  by: Estates security team
  on: 2026-10-01
  notes: free text
`;

/** The same site with every fact unknown: undetermined. */
export const UNKNOWN_SITE = `id: HX-0002
name: Unknown Yard
government_location: unknown
classified_material:
  highest: unknown
  frequency: unknown
vetting:
  staff_total: unknown
  developed_vetting: unknown
ministerial_use: unknown
socpa:
  designated: unknown
`;

/** What must never appear in terminal output (newline and tab are text). */
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
