// safeWriteFile: the one way sitecheck writes files. A failed write leaves the old file (or no
// file) and no temporary file; an existing or changed file is never replaced without consent.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeWriteFile, sha256Of, WriteRefusedError } from '../../src/util/safe-write.js';
import { scratch } from './helpers.js';
import { nodeAsNobody, reachableBuild } from '../support/unprivileged.js';

/** A writeChunk that writes the first half and then fails as a full disk does. */
function fullDiskAfterHalf(fd: number, data: Uint8Array): void {
  writeSync(fd, data, 0, Math.floor(data.length / 2));
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

const big = 'site: x\n'.repeat(10_000);

function refusal(fn: () => void): WriteRefusedError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteRefusedError);
    return e as WriteRefusedError;
  }
  throw new Error('the write was not refused');
}

describe('safeWriteFile', () => {
  it('writes a new file with exactly the bytes given, and leaves nothing else', () => {
    const dir = scratch();
    const file = join(dir, 'out.yaml');
    safeWriteFile(file, big);
    expect(readFileSync(file, 'utf8')).toBe(big);
    expect(readdirSync(dir)).toEqual(['out.yaml']);
    const bytes = new Uint8Array([0, 1, 2, 255]);
    safeWriteFile(join(dir, 'b.bin'), bytes);
    expect(new Uint8Array(readFileSync(join(dir, 'b.bin')))).toEqual(bytes);
  });

  it('a disk that fills half-way leaves no file and no temporary file (new file)', () => {
    const dir = scratch();
    const file = join(dir, 'out.yaml');
    expect(() => safeWriteFile(file, big, { writeChunk: fullDiskAfterHalf })).toThrow(/ENOSPC/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a disk that fills half-way leaves the old file whole and no temporary file (overwrite)', () => {
    const dir = scratch();
    const file = join(dir, 'out.yaml');
    writeFileSync(file, 'old contents\n');
    expect(() => safeWriteFile(file, big, { overwrite: true, writeChunk: fullDiskAfterHalf })).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('old contents\n');
    expect(readdirSync(dir)).toEqual(['out.yaml']);
    // Same with a digest check that passes.
    expect(() => safeWriteFile(file, big, { expectedSha256: sha256Of('old contents\n'), writeChunk: fullDiskAfterHalf })).toThrow(/ENOSPC/);
    expect(readFileSync(file, 'utf8')).toBe('old contents\n');
    expect(readdirSync(dir)).toEqual(['out.yaml']);
  });

  it('a write that fails is reported with the real error, not swallowed', () => {
    const dir = scratch();
    const eio = (): void => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    };
    expect(() => safeWriteFile(join(dir, 'x'), 'data', { writeChunk: eio })).toThrow(expect.objectContaining({ code: 'EIO' }));
  });

  it('refuses to replace an existing file without overwrite, and leaves it untouched', () => {
    const dir = scratch();
    const file = join(dir, 'out.yaml');
    writeFileSync(file, 'mine\n');
    const e = refusal(() => safeWriteFile(file, 'theirs\n'));
    expect(e.reason).toBe('exists');
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/already exists; not overwritten \(use --force to replace it\)/);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    expect(readdirSync(dir)).toEqual(['out.yaml']);
    safeWriteFile(file, 'theirs\n', { overwrite: true });
    expect(readFileSync(file, 'utf8')).toBe('theirs\n');
  });

  it('refuses to replace a file that changed since it was read (expectedSha256)', () => {
    const dir = scratch();
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'as read\n');
    const digest = sha256Of(readFileSync(file));
    writeFileSync(file, 'edited by someone else\n');
    const e = refusal(() => safeWriteFile(file, 'my edit\n', { expectedSha256: digest }));
    expect(e.reason).toBe('changed');
    expect(e.message).toMatch(/has changed on disk since it was read; not overwritten/);
    expect(readFileSync(file, 'utf8')).toBe('edited by someone else\n');
    // …and a file deleted since it was read counts as changed too.
    const gone = join(dir, 'gone.yaml');
    expect(refusal(() => safeWriteFile(gone, 'x', { expectedSha256: digest })).reason).toBe('changed');
    expect(existsSync(gone)).toBe(false);
    // Unchanged: the write goes through.
    safeWriteFile(file, 'my edit\n', { expectedSha256: sha256Of('edited by someone else\n') });
    expect(readFileSync(file, 'utf8')).toBe('my edit\n');
    expect(readdirSync(dir)).toEqual(['site.yaml']);
  });

  it('a folder that cannot be written to gives the error and leaves nothing behind', (ctx) => {
    const dir = scratch();
    chmodSync(dir, 0o555);
    try {
      if (process.getuid?.() !== 0) {
        expect(() => safeWriteFile(join(dir, 'x.yaml'), 'x')).toThrow(expect.objectContaining({ code: 'EACCES' }));
      } else {
        // Root writes anyway: run the built module as an unprivileged user instead, or skip.
        // (From a copy every user can reach: the clone itself may be in a 0700 folder.)
        if (!existsSync(join(import.meta.dirname, '../../dist/util/safe-write.js')) || spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status !== 0) return ctx.skip();
        const built = join(reachableBuild(), 'dist/util/safe-write.js');
        const script = `import(${JSON.stringify(built)}).then((m) => { try { m.safeWriteFile(${JSON.stringify(join(dir, 'x.yaml'))}, 'x'); console.log('written'); } catch (e) { console.log(e.code); } })`;
        const r = nodeAsNobody(['-e', script]);
        expect(r.stdout.trim()).toBe('EACCES');
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('a file created by someone else while we write is not clobbered', () => {
    const dir = scratch();
    const file = join(dir, 'report.json');
    const racer = (fd: number, data: Uint8Array): void => {
      writeFileSync(file, 'the other writer\n'); // appears after the existence check
      writeSync(fd, data);
    };
    const e = refusal(() => safeWriteFile(file, 'mine\n', { writeChunk: racer }));
    expect(e.reason).toBe('exists');
    expect(readFileSync(file, 'utf8')).toBe('the other writer\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a file changed by someone else while we write is not replaced (expectedSha256 is checked again)', () => {
    const dir = scratch();
    const file = join(dir, 'site.yaml');
    writeFileSync(file, 'as read\n');
    const racer = (fd: number, data: Uint8Array): void => {
      writeFileSync(file, 'edited meanwhile\n');
      writeSync(fd, data);
    };
    const e = refusal(() => safeWriteFile(file, 'mine\n', { expectedSha256: sha256Of('as read\n'), writeChunk: racer }));
    expect(e.reason).toBe('changed');
    expect(readFileSync(file, 'utf8')).toBe('edited meanwhile\n');
    expect(readdirSync(dir)).toEqual(['site.yaml']);
  });

  it('a replaced file keeps its permissions (a private file stays private)', () => {
    const dir = scratch();
    const file = join(dir, 'private.yaml');
    writeFileSync(file, 'x');
    chmodSync(file, 0o600);
    safeWriteFile(file, 'y', { overwrite: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('y');
  });

  it('never writes through a symlink, whatever the options, and leaves the link and its target alone', () => {
    const dir = scratch();
    const real = join(dir, 'real.yaml');
    const link = join(dir, 'link.yaml');
    writeFileSync(real, 'old');
    symlinkSync('real.yaml', link);
    for (const opts of [{}, { overwrite: true }, { expectedSha256: sha256Of('old') }]) {
      const e = refusal(() => safeWriteFile(link, 'new', opts));
      expect(e.reason).toBe('symlink');
      expect(e.message).toMatch(/is a symbolic link, and sitecheck never writes through a link \(--force does not change that\)/);
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('refuses a dangling symlink too (it would create the file it names)', () => {
    const dir = scratch();
    const elsewhere = scratch();
    const link = join(dir, 'out.sarif');
    symlinkSync(join(elsewhere, 'planted'), link);
    for (const opts of [{}, { overwrite: true }]) {
      const e = refusal(() => safeWriteFile(link, 'new', opts));
      expect(e.reason).toBe('symlink');
      expect(e.message).toContain('(to a file that does not exist)');
    }
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['out.sarif']);
  });

  it('says a folder is not a file (no EISDIR), and a file on the way is not a folder', () => {
    const dir = scratch();
    let e = refusal(() => safeWriteFile(dir, 'x', { overwrite: true }));
    expect(e.reason).toBe('not-a-file');
    expect(e.message).toBe(`cannot write ${dir}: it is a folder, not a file; give a file name`);
    expect(() => safeWriteFile(join(dir, 'no', 'such', 'x.json'), 'x', { overwrite: true })).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    writeFileSync(join(dir, 'file'), 'x');
    e = refusal(() => safeWriteFile(join(dir, 'file', 'x.json'), 'x'));
    expect(e.reason).toBe('no-folder');
    expect(e.message).toContain('is not a folder');
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('refuses a folder below the working directory that is a symlink (a link committed to a repository)', () => {
    const dir = scratch();
    const elsewhere = scratch();
    symlinkSync(elsewhere, join(dir, 'results'));
    const before = process.cwd();
    process.chdir(dir);
    try {
      const e = refusal(() => safeWriteFile('results/out.sarif', 'x', { overwrite: true }));
      expect(e.reason).toBe('symlink');
      expect(e.message).toBe('cannot write results/out.sarif: the folder results is a symbolic link, and sitecheck never writes through a link (--force does not change that)');
    } finally {
      process.chdir(before);
    }
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('the new file is readable by others as a normal file is (0644 before umask), not left as a temp', () => {
    const dir = scratch();
    const file = join(dir, 'out.yaml');
    safeWriteFile(file, 'x');
    expect(statSync(file).mode & 0o777 & ~0o022).toBe(0o644 & ~0o022);
  });

  it('whatever the data and wherever the write fails, the file is whole: old or new, never a mix', () => {
    const dir = scratch();
    const file = join(dir, 'f.bin');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ maxLength: 4096 }), fc.option(fc.nat()), (old, next, failAt) => {
        writeFileSync(file, old);
        const writeChunk = (fd: number, data: Uint8Array): void => {
          if (failAt === null) {
            writeSync(fd, data);
            return;
          }
          writeSync(fd, data, 0, failAt % (data.length + 1));
          throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        };
        let failed = false;
        try {
          safeWriteFile(file, next, { overwrite: true, writeChunk });
        } catch {
          failed = true;
        }
        expect(failed).toBe(failAt !== null);
        expect(new Uint8Array(readFileSync(file))).toEqual(failed ? old : next);
        expect(readdirSync(dir)).toEqual(['f.bin']);
      }),
      { numRuns: 200 },
    );
  });
});
