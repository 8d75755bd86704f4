// GitHub code scanning's ingestion rules for an uploaded SARIF file, as a test helper: what
// github/codeql-action's upload-lib checks before it uploads, and the documented limits the
// service applies after. Each rule names where it comes from. Returns the problems found: [] when
// code scanning would take the file whole.
//
// Sources:
//   [upload-lib]  github/codeql-action, src/upload-lib.ts: validateSarifFileSchema (JSON that parses
//                 and validates against sarif-schema-2.1.0.json; URI-format errors are only
//                 warnings there), countResultsInSarif (a `runs` array, each run with a `results`
//                 array), validateUniqueCategory (one run per tool and automationDetails.id), and
//                 the processing errors it recognises ("an invalid URI was provided as a SARIF
//                 location", "locationFromSarifResult: expected artifact location", "invalid
//                 security severity value, is not a number").
//   [limits]      docs.github.com, code scanning, "SARIF results exceed limit" (troubleshooting
//                 SARIF uploads): at most 20 runs per file, 25,000 results per run (only the top
//                 5,000 by severity are kept), 25,000 rules per run, 100 tool extensions per run,
//                 1,000 locations per result (100 kept), 10,000 thread flow locations per result,
//                 20 tags per rule (10 kept); and the upload API: 10 MB of gzip-compressed SARIF.
//   [support]     docs.github.com, "SARIF support for code scanning": version 2.1.0; a result needs
//                 a location to be shown; a location's uri is best relative to the repository root;
//                 the ruleId has to be stable across runs (so it is a rule's id from tool.driver.rules).
import { gzipSync } from 'node:zlib';

interface Log {
  version?: unknown;
  runs?: Run[];
}
interface Run {
  tool?: { driver?: { name?: string; rules?: Rule[] }; extensions?: unknown[] };
  automationDetails?: { id?: string };
  results?: Result[];
}
interface Rule {
  id?: string;
  properties?: { tags?: unknown[]; 'security-severity'?: unknown };
}
interface Result {
  ruleId?: string;
  ruleIndex?: number;
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number } } }[];
  codeFlows?: { threadFlows?: { locations?: unknown[] }[] }[];
}

/** Soft limit: code scanning keeps only this many results of a run. */
export const KEPT_RESULTS = 5000;

export function githubIngestionProblems(text: string, validateSchema: (log: unknown) => boolean): string[] {
  const problems: string[] = [];
  let log: Log;
  try {
    log = JSON.parse(text) as Log;
  } catch (e) {
    return [`[upload-lib] Invalid SARIF. JSON syntax error: ${(e as Error).message}`];
  }
  if (!validateSchema(log)) problems.push('[upload-lib] not valid against sarif-schema-2.1.0.json');
  if (log.version !== '2.1.0') problems.push('[support] version is not 2.1.0');
  if (!Array.isArray(log.runs)) return [...problems, "[upload-lib] Invalid SARIF. Missing 'runs' array."];
  if (log.runs.length > 20) problems.push(`[limits] ${log.runs.length} runs, more than 20`);
  const gz = gzipSync(text).length;
  if (gz > 10 * 1024 * 1024) problems.push(`[limits] ${gz} bytes gzip-compressed, more than 10 MB`);
  const categories = new Set<string>();
  for (const [i, run] of log.runs.entries()) {
    const where = `run ${i}`;
    if (!Array.isArray(run.results)) {
      problems.push(`[upload-lib] Invalid SARIF. Missing 'results' array in ${where}.`);
      continue;
    }
    const category = `${run.automationDetails?.id ?? ''}_${run.tool?.driver?.name ?? ''}`;
    if (categories.has(category)) problems.push(`[upload-lib] ${where}: a second run for tool/category ${category}`);
    categories.add(category);
    if (run.results.length > 25000) problems.push(`[limits] ${where}: ${run.results.length} results, more than 25,000 (rejected)`);
    if (run.results.length > KEPT_RESULTS) problems.push(`[limits] ${where}: ${run.results.length} results; only ${KEPT_RESULTS} are kept`);
    const rules = run.tool?.driver?.rules ?? [];
    if (rules.length > 25000) problems.push(`[limits] ${where}: ${rules.length} rules, more than 25,000`);
    if ((run.tool?.extensions?.length ?? 0) > 100) problems.push(`[limits] ${where}: more than 100 tool extensions`);
    const ids = new Set<string>();
    for (const r of rules) {
      if (typeof r.id !== 'string' || r.id === '') problems.push(`[support] ${where}: a rule without an id`);
      else if (ids.has(r.id)) problems.push(`[support] ${where}: rule id ${r.id} twice`);
      else ids.add(r.id);
      if ((r.properties?.tags?.length ?? 0) > 20) problems.push(`[limits] ${where}: rule ${r.id} has more than 20 tags`);
      else if ((r.properties?.tags?.length ?? 0) > 10) problems.push(`[limits] ${where}: rule ${r.id} has more than 10 tags; only 10 are kept`);
      const sev = r.properties?.['security-severity'];
      if (sev !== undefined && (typeof sev !== 'string' || !Number.isFinite(Number(sev)))) problems.push(`[upload-lib] ${where}: rule ${r.id}: invalid security severity value, is not a number`);
    }
    for (const [k, res] of run.results.entries()) {
      const at = `${where} result ${k}`;
      if (typeof res.ruleId !== 'string' || !ids.has(res.ruleId)) problems.push(`[support] ${at}: ruleId ${String(res.ruleId)} is not a rule of tool.driver.rules`);
      if (res.ruleIndex !== undefined && rules[res.ruleIndex]?.id !== res.ruleId) problems.push(`[support] ${at}: ruleIndex ${res.ruleIndex} does not name ${res.ruleId}`);
      const locs = res.locations ?? [];
      if (locs.length === 0) problems.push(`[support] ${at}: no location, so code scanning cannot show it`);
      if (locs.length > 1000) problems.push(`[limits] ${at}: more than 1,000 locations`);
      else if (locs.length > 100) problems.push(`[limits] ${at}: more than 100 locations; only 100 are kept`);
      for (const flow of res.codeFlows ?? []) for (const t of flow.threadFlows ?? []) if ((t.locations?.length ?? 0) > 10000) problems.push(`[limits] ${at}: more than 10,000 thread flow locations`);
      for (const loc of locs) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        if (typeof uri !== 'string') {
          problems.push(`[upload-lib] ${at}: locationFromSarifResult: expected artifact location`);
          continue;
        }
        if (!URL.canParse(uri, 'file:///repo/')) problems.push(`[upload-lib] ${at}: an invalid URI was provided as a SARIF location: ${uri}`);
        if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !uri.startsWith('file:')) problems.push(`[support] ${at}: location ${uri} is neither relative nor a file: URI`);
        if (uri.startsWith('/') || uri.startsWith('file:')) problems.push(`[support] ${at}: location ${uri} is absolute, not relative to the repository root`);
        const line = loc.physicalLocation?.region?.startLine;
        if (line !== undefined && !(Number.isInteger(line) && line >= 1)) problems.push(`[support] ${at}: startLine ${line}`);
      }
    }
  }
  return problems;
}
