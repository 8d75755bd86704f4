// `explain SITE_ID` starts walking and scanning in a worker before the program loads, from its
// arguments read early (src/scale/walking-scan.ts). That head start may only ever be used for
// exactly the search the command, parsed for real, asks for; anything else stops it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/input/limits.js';
import { discardEarly, speculateExplain, takeEarly, WalkingScan } from '../../src/scale/walking-scan.js';
import { discoverFiles, MissingPathError } from '../../src/input/walk.js';
import { runCli } from '../support/cli.js';
import { scratch } from '../hardening/helpers.js';

const site = (id: string): string => `id: ${id}\nname: Site ${id}\nministerial_use: routine\n`;

function inventory(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'a'));
  for (let i = 0; i < 30; i++) writeFileSync(join(dir, 'a', `${i}.yaml`), site(`E-${i}`));
  return dir;
}

afterEach(() => discardEarly());

describe('explain SITE_ID: the early search', () => {
  const dir = inventory();

  it('is handed over only for the same paths, id and limits, and only once', async () => {
    speculateExplain(['E-3', dir, '--format', 'json', '--as-of', '2026-11-22', '--marking', 'none']);
    const taken = takeEarly([dir], 'E-3', DEFAULT_LIMITS);
    expect(taken).toBeDefined();
    const walked = await taken!.result();
    taken!.close();
    expect(walked?.discovered.files).toHaveLength(30);
    expect(walked?.scan.candidates.map((i) => walked.discovered.files[i]!.slice(dir.length))).toEqual(['/a/3.yaml']);
    expect(takeEarly([dir], 'E-3', DEFAULT_LIMITS)).toBeUndefined();
    // From another working folder a relative path names another folder.
    const cwd = process.cwd();
    speculateExplain(['E-3', 'a']);
    process.chdir(dir);
    try {
      expect(takeEarly(['a'], 'E-3', DEFAULT_LIMITS)).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
    for (const [paths, id, limits] of [
      [[dir], 'E-4', DEFAULT_LIMITS], [[dir, dir], 'E-3', DEFAULT_LIMITS], [[join(dir, 'a')], 'E-3', DEFAULT_LIMITS],
      [[dir], 'E-3', { ...DEFAULT_LIMITS, maxFiles: 5 }], [[dir], 'E-3', { ...DEFAULT_LIMITS, followSymlinks: true }],
    ] as const) {
      speculateExplain(['E-3', dir]);
      expect(takeEarly(paths, id, limits), JSON.stringify([paths, id, limits])).toBeUndefined();
    }
  });

  it('is not started for a file, a help request, a limit flag, an id the scan cannot look for, or arguments that do not parse', () => {
    for (const args of [
      [join(dir, 'a', '1.yaml')], ['E-3', dir, '--help'], ['E-3', dir, '-h'], ['E-3', dir, '--max-files', '5'], ['E-3', dir, '--follow-symlinks'],
      ['E-3', dir, '--allow-empty'], ['E 3', dir], ['"E-3"', dir], ['E-3', dir, '--bogus'], ['E-3', dir, '--format'], [],
    ]) {
      speculateExplain(args);
      expect(takeEarly(args[1] ? [args[1]] : ['sites/'], args[0] ?? '', DEFAULT_LIMITS), JSON.stringify(args)).toBeUndefined();
    }
  });

  it('a command that ends another way (a usage error) leaves none behind, and the next run finds the site', async () => {
    const bad = await runCli(['explain', 'E-3', dir, '--format', 'bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "bogus"/);
    expect(takeEarly([dir], 'E-3', DEFAULT_LIMITS)).toBeUndefined();
    writeFileSync(join(dir, 'a', '3.yaml'), site('E-3').replace('Site E-3', 'Renamed'));
    const good = await runCli(['explain', 'E-3', dir, '--format', 'json', '--as-of', '2026-11-22']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).sites.map((s: { name: string }) => s.name)).toEqual(['Renamed']);
  });

  it('a missing path or an empty folder is said as without it', async () => {
    const missing = await runCli(['explain', 'E-3', join(dir, 'nowhere')]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file or folder: .*nowhere/) });
    const empty = scratch();
    const none = await runCli(['explain', 'E-3', empty]);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringMatching(/no site files under/) });
  });
});

describe('explain SITE_ID with a path that does not exist', () => {
  it('walks and reads nothing: the walk stops at the missing path before any folder is listed', async () => {
    const dir = inventory();
    const found: string[] = [];
    expect(() => discoverFiles([dir, join(dir, 'nowhere')], {}, (f) => found.push(f))).toThrow(MissingPathError);
    expect(found).toEqual([]);
    const scan = new WalkingScan([dir, join(dir, 'nowhere')], 'E-3', DEFAULT_LIMITS, 5);
    try {
      expect(await scan.result()).toBeUndefined();
      // No batch of files was posted (so none was read) before the walk gave up.
      expect((scan as unknown as { batches: unknown[] }).batches).toEqual([]);
    } finally {
      scan.close();
    }
  });
});
