// End to end (the red-team finding): a sensitive site with a disguised Hikvision camera was
// reported clean, exit 0. Now the camera is found, and a name hidden with an invisible character is
// an input error naming file, line, column and field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../report/helpers.js';

const SITE = (maker: string): string => `id: RT-1
name: Red team site
government_location: true
classified_material:
  highest: SECRET
  frequency: routine
equipment:
  - id: CAM-1
    kind: cctv-camera
    manufacturer: "${maker}"
    status: planned
`;

function inventory(maker: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sitecheck-redteam-'));
  writeFileSync(join(dir, 'site.yaml'), SITE(maker));
  return dir;
}

describe('sitecheck check on disguised makers', () => {
  it.each(['Hikvision™', 'HikvisionLtd', 'HIK-VISION UK', 'EZVIZ', 'Dahua Technology Co., Ltd.', 'ＨＩＫＶＩＳＩＯＮ'])('%j at a sensitive site is a failing finding', async (maker) => {
    const dir = inventory(maker);
    const r = await run(dir, ['check', 'site.yaml', '--format', 'json', '--as-of', '2026-11-22']);
    expect(r.code).toBe(1);
    const site = JSON.parse(r.stdout).sites[0];
    expect(site.findings.map((f: { kind: string }) => f.kind)).toContain('prohibited-equipment');
  });
  it('a zero-width space inside the name is an input error (check fails) with file, line, column and field', async () => {
    const dir = inventory('Hik\\u200Bvision');
    const r = await run(dir, ['check', 'site.yaml', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/Input errors \(1\)[\s\S]*site\.yaml:10:19\s+equipment\.0\.manufacturer contains an invisible character \(U\+200B\) at character 4/);
  });
});
