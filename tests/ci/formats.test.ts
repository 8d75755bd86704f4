// The junit, github and markdown formats: golden output on the example inventory, and the
// properties a CI consumer depends on (XML that a real parser reads with the right counts;
// workflow commands escaped so that no site text can break out of its annotation; Markdown tables
// that hostile names cannot break).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/format/github.js';
import { golden, render, renderHostile } from './helpers.js';

const FIXTURES = 'tests/ci/fixtures/sites';
const HOSTILE = 'tests/ci/fixtures/hostile';

describe.each([
  ['junit', 'check-sites.junit.xml'],
  ['github', 'check-sites.github.txt'],
  ['markdown', 'check-sites.md'],
] as const)('%s format', (format, file) => {
  it('matches the golden file on the example inventory', async () => {
    golden(file, await render(format, ['sites/']));
  });
});

type Xml = Record<string, unknown>;
const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function parseJunit(xml: string): Xml {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false }).parse(xml) as Xml;
}

describe('junit format', () => {
  it('is well-formed XML with one testsuite per file and one testcase per site', async () => {
    const doc = parseJunit(await render('junit', ['sites/']));
    const root = doc.testsuites as Xml;
    const suites = asList(root.testsuite as Xml[]);
    const json = JSON.parse(await render('json', ['sites/'])) as { sites: { id: string; file: string; verdict: string }[] };
    expect(suites.map((s) => s['@name'])).toEqual([...new Set(json.sites.map((s) => s.file))]);
    const cases = suites.flatMap((s) => asList(s.testcase as Xml[]));
    expect(cases).toHaveLength(json.sites.length);
    expect(Number(root['@tests'])).toBe(json.sites.length);
    for (const s of suites) expect(Number(s['@tests'])).toBe(asList(s.testcase as Xml[]).length);
    // Failures: exactly the sites with prohibited or overdue equipment (the default --fail-on).
    const failing = cases.filter((c) => c.failure !== undefined).map((c) => String(c['@name']).split(' ')[0]);
    const report = JSON.parse(await render('json', ['sites/'])) as { sites: { id: string; findings: { kind: string; failsByDefault: boolean }[] }[] };
    expect(failing.sort()).toEqual(report.sites.filter((s) => s.findings.some((f) => f.failsByDefault)).map((s) => s.id).sort());
    expect(Number(root['@failures'])).toBe(failing.length);
    // Undetermined sites are skipped, not failed, unless --fail-on names them (or a finding there fails).
    const skipped = cases.filter((c) => c.skipped !== undefined);
    const failingIds = new Set(report.sites.filter((s) => s.findings.some((f) => f.failsByDefault)).map((s) => s.id));
    expect(skipped.length).toBe(json.sites.filter((s) => s.verdict === 'undetermined' && !failingIds.has(s.id)).length);
  });

  it('uses only the elements, in the order, that the Ant/Jenkins JUnit schema allows', async () => {
    const xml = await render('junit', ['sites/', FIXTURES, HOSTILE], ['errors', 'prohibited-equipment']);
    type Node = Record<string, Node[]> & { ':@'?: Record<string, string> };
    const tree = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as Node[];
    const names = (nodes: Node[]) => nodes.flatMap((n) => Object.keys(n).filter((k) => k !== ':@' && k !== '#text'));
    const root = tree.find((n) => 'testsuites' in n)!.testsuites!;
    expect(new Set(names(root))).toEqual(new Set(['testsuite']));
    let cases = 0;
    for (const suite of root) {
      expect(suite[':@']).toMatchObject({ name: expect.any(String), tests: expect.stringMatching(/^\d+$/), failures: expect.stringMatching(/^\d+$/) });
      const [props, ...caseNodes] = suite.testsuite!;
      expect(Object.keys(props!)).toEqual(['properties']);
      for (const c of caseNodes) {
        expect(Object.keys(c).filter((k) => k !== ':@')).toEqual(['testcase']);
        expect(names(c.testcase!).join(' ')).toMatch(/^(skipped ?)?(failure ?)*(system-out)?$/);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(15);
  });

  it('fails each input error and, when asked, undetermined sites', async () => {
    const doc = parseJunit(await render('junit', [FIXTURES], ['errors', 'undetermined']));
    const suites = asList((doc.testsuites as Xml).testsuite as Xml[]);
    const bad = suites.find((s) => s['@name'] === `${FIXTURES}/mod/bad.yaml`)!;
    const failures = asList((bad.testcase as Xml).failure as Xml[]);
    expect(failures.map((f) => f['@type'])).toEqual(['input-error', 'input-error']);
    expect(String(failures[1]!['@message'])).toContain('ministeral_use');
    const regional = asList(suites.find((s) => String(s['@name']).endsWith('regional.yaml'))!.testcase as Xml[]);
    expect((asList(regional[0]!.failure as Xml[])[0] as Xml)['@type']).toBe('undetermined');
    expect(regional[0]!.skipped).toBeUndefined();
  });

  it('keeps hostile text as text', async () => {
    const xml = await renderHostile('junit', HOSTILE);
    const doc = parseJunit(xml);
    const c = ((doc.testsuites as Xml).testsuite as Xml).testcase as Xml;
    expect(c['@name']).toContain('<b>[x](javascript:alert(1))</b> & "q"');
    expect(xml).not.toContain('<b>');
  });
});

/** Undo the toolkit's escaping, as the runner does. */
function unescapeCommand(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

describe('github format', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
    expect(escapeData('%0A')).toBe('%250A'); // already-escaped-looking text stays literal
  });

  it('keeps each annotation on one line, whatever a site name holds', async () => {
    const out = await renderHostile('github', HOSTILE);
    const lines = out.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::error'));
    expect(commands).toHaveLength(1); // the overdue equipment; the injected ::error:: is inside a message
    const m = /^::error file=([^,]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)$/.exec(commands[0]!)!;
    expect(m).not.toBeNull();
    expect(m[1]).toBe(`${HOSTILE}/hostile.yaml`);
    expect(Number(m[2])).toBe(7);
    // The newline in the name is shown as an escape: the annotation is one line, as the log line is.
    expect(unescapeCommand(m[5]!)).toContain('Ops: 100% ready, east wing\\x0a::error::injected');
    expect(unescapeCommand(m[5]!)).not.toMatch(/[\r\n]/);
    expect(lines.at(-1)).toMatch(/^sitecheck: 1 site: /);
  });

  it('marks what --fail-on names as errors, and the rest as warnings or notices', async () => {
    const out = await render('github', [FIXTURES]);
    expect(out).toMatch(/^::error file=tests\/ci\/fixtures\/sites\/ho\/marsham\.yaml,line=16,col=5,title=sitecheck removal-overdue%3A HO-0001 CAM-12::/m);
    expect(out).toMatch(/^::error file=[^\n]*regional\.yaml,line=10,col=5,title=sitecheck deployment-undecided%3A HO-0002 NVR-1::/m);
    expect(out).toMatch(/^::notice file=[^\n]*regional\.yaml,line=1,col=1,title=sitecheck undetermined%3A HO-0002::HO-0002 \(Regional office: Croydon, 100%25 remote-ready\)/m);
    expect(out).toMatch(/^::error file=[^\n]*bad\.yaml,line=5,col=1,title=sitecheck input error \(unknown-key\)::/m);
    const relaxed = await render('github', [FIXTURES], ['errors']);
    expect(relaxed).toMatch(/^::warning [^\n]*removal-overdue/m);
  });
});

describe('markdown format', () => {
  it('gives counts by verdict and a table of the failing sites with links to their lines', async () => {
    const md = await render('markdown', [FIXTURES]);
    expect(md).toMatch(/^## sitecheck: failed$/m);
    expect(md).toContain('| ● sensitive | 1 |');
    expect(md).toContain('| ? undetermined | 1 |');
    expect(md).toMatch(/^\| `HO-0001` \| 2 Marsham Street \| ● sensitive(<br>scope: in-scope)? \| .*removal-overdue.* \| \[tests\/ci\/fixtures\/sites\/ho\/marsham\.yaml:1\]\(tests\/ci\/fixtures\/sites\/ho\/marsham\.yaml#L1\) \|$/m);
    expect(md).toContain('### Input errors (2)');
  });

  it('links to the repository when running in GitHub Actions', async () => {
    const md = await render('markdown', [FIXTURES], undefined, 'https://github.com/o/r/blob/abc123/');
    expect(md).toContain('(https://github.com/o/r/blob/abc123/tests/ci/fixtures/sites/ho/marsham.yaml#L16)');
  });

  it('says passed when nothing --fail-on names was found', async () => {
    expect(await render('markdown', [FIXTURES], [])).toMatch(/^## sitecheck: passed$/m);
  });

  it('escapes names so they cannot break the table or inject markup', async () => {
    const md = await renderHostile('markdown', HOSTILE);
    const row = md.split('\n').find((l) => l.startsWith('| `HX-0001`'))!;
    expect(row).toBeDefined();
    // Exactly the 5 columns: every | in the name is escaped.
    expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(5);
    expect(row).not.toMatch(/<b>|(?<!\\)\]\(javascript/);
    expect(row).toContain('&lt;b&gt;');
  });
});

describe('markdown size', () => {
  it('caps each table so a pull-request comment stays under GitHub\'s 65,536 characters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecheck-many-'));
    const docs = Array.from({ length: 400 }, (_, i) => `id: M-${String(i).padStart(4, '0')}\nname: Site ${i}\nministerial_use: routine\nequipment:\n  - id: CAM-1\n    kind: cctv-camera\n    manufacturer: Hikvision\n    status: installed\n`);
    writeFileSync(join(dir, 'many.yaml'), docs.join('---\n'));
    const md = await render('markdown', [dir]);
    expect(md).toContain('### Sites that fail (400)');
    expect(md.split('\n').filter((l) => l.startsWith('| `M-')).length).toBe(100);
    expect(md).toContain('… and 300 more failing sites');
    expect(md.length).toBeLessThan(65536);
  });
});
