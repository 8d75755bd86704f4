// Small site inventories for the TUI tests, written to a fresh temporary folder each time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, type TuiData } from '../../src/tui/data.js';

export const AS_OF = '2026-11-22';

export const SENSITIVE = `# yaml-language-server: $schema=../schema/site.schema.json
# A sensitive site: limb 1.
id: T-SENS
name: Alder House
organisation: Test Office
classified_material:
  highest: SECRET
  frequency: routine            # briefings every day
vetting:
  staff_total: 100
  developed_vetting: 10
equipment:
  - id: CAM-1
    kind: cctv-camera
    manufacturer: Hikvision
    status: installed
`;

export const NOT_SENSITIVE = `id: T-NOT
name: Birch Depot
organisation: Other Agency
government_location: false
classified_material:
  highest: OFFICIAL
vetting:
  significant: false
ministerial_use: none
socpa:
  designated: false
`;

export const UNDETERMINED = `id: T-UND
name: Cedar Point
organisation: Test Office
government_location: unknown   # the lease is being checked
classified_material:
  highest: OFFICIAL
vetting:
  significant: false
ministerial_use: none
socpa:
  designated: true
---
id: T-UND2
name: Damson Lodge
`;

export const BAD = `id: T-BAD
name: Elm Yard
ministeral_use: routine
`;

/** A temporary inventory folder (…/sites) with the four files above. */
const created: string[] = [];

/** Remove the temporary folders this test file made (call from afterAll). */
export function removeFixtures(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function fixtureDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'sitecheck-tui-'));
  created.push(root);
  const sites = join(root, 'sites');
  mkdirSync(sites);
  const files = { 'sensitive.yaml': SENSITIVE, 'not-sensitive.yaml': NOT_SENSITIVE, 'undetermined.yaml': UNDETERMINED, 'bad.yaml': BAD };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sites, name), text);
  return sites;
}

export async function fixtureData(dir = fixtureDir()): Promise<TuiData> {
  return loadData([dir], { asOf: AS_OF });
}

/** Wait until `check` passes (polling), or fail with the last thing seen. */
export async function waitFor<T>(get: () => T, ok: (v: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = get();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen:\n${String(v)}`);
    await new Promise((r) => setTimeout(r, 20));
    v = get();
  }
  return v;
}
