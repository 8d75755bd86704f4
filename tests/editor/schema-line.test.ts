// The $schema path written into new site files follows the layout above the file: through
// node_modules/sitecheck (kept as that path when it is a symlink, as a folder install makes it),
// or schema/ in a clone of sitecheck itself; none when neither is found.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaPathFor } from '../../src/util/schema-line.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('schemaPathFor', () => {
  it('in this repository: schema/, relative to the file', () => {
    expect(schemaPathFor(join(ROOT, 'sites/new.yaml'))).toBe('../schema/site.schema.json');
    expect(schemaPathFor(join(ROOT, 'sites/a/b/new.yaml'))).toBe('../../../schema/site.schema.json');
  });

  it('after a folder install (node_modules/sitecheck a symlink elsewhere): the node_modules path, not the link target', () => {
    const repo = mkdtempSync(join(tmpdir(), 'sitecheck-layout-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'sitecheck-checkout-'));
    cpSync(join(ROOT, 'schema'), join(elsewhere, 'schema'), { recursive: true });
    mkdirSync(join(repo, 'node_modules'));
    symlinkSync(elsewhere, join(repo, 'node_modules/sitecheck'));
    expect(schemaPathFor(join(repo, 'inventory/sites/x.yaml'))).toBe('../../node_modules/sitecheck/schema/site.schema.json');
  });

  it('with neither layout above the file: no path (no line rather than a wrong one)', () => {
    expect(schemaPathFor(join(mkdtempSync(join(tmpdir(), 'sitecheck-none-')), 'x.yaml'))).toBeUndefined();
  });
});
