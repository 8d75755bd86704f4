import type { ReportHead, ReportTail, Sink, StreamingFormatter } from './types.js';
import { whole } from './types.js';

/** One top-level value as `JSON.stringify(report, null, 2)` writes it after its key: arrays element by element. */
function writeValue(v: unknown, out: Sink): void {
  if (Array.isArray(v) && v.length > 0) {
    out.write('[\n');
    v.forEach((item: unknown, j) => out.write(`    ${element(item)}${j < v.length - 1 ? ',' : ''}\n`));
    out.write('  ]');
  } else {
    out.write(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
  }
}

/** One element of a top-level array, indented as it is inside the report (after its first line's indent). */
function element(item: unknown): string {
  const text = JSON.stringify(item === undefined ? null : item, null, 2) ?? 'null';
  return text.replace(/\n/g, '\n    ');
}

const present = (v: unknown): boolean => v !== undefined && typeof v !== 'function';

/**
 * `JSON.stringify(value, null, 2)` written in pieces: the top-level arrays (sites, errors) one
 * element at a time, so the whole text is never held at once. Byte for byte the same output.
 */
export function writeJson(value: object, out: Sink): void {
  const entries = Object.entries(value).filter(([, v]) => present(v));
  if (entries.length === 0) return out.write('{}');
  out.write('{\n');
  entries.forEach(([key, v], i) => {
    out.write(`  ${JSON.stringify(key)}: `);
    writeValue(v, out);
    out.write(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.write('}');
}

/**
 * The JSON report written site by site: the head's fields (in their order), "sites" one by one as
 * they come, then the tail's fields: byte for byte `writeJson(report)` for the whole Report.
 * A field before "sites" in `head` (such as --marking's "marking", put first) is written first.
 */
export function jsonWriter(head: object, out: Sink): { site(site: unknown): void; end(tail: object): void } {
  const keys = Object.keys(head);
  const before = keys.indexOf('sites') >= 0 ? keys.slice(0, keys.indexOf('sites')) : keys;
  let n = 0;
  out.write('{\n');
  for (const key of before) {
    const v = (head as Record<string, unknown>)[key];
    if (!present(v)) continue;
    out.write(`  ${JSON.stringify(key)}: `);
    writeValue(v, out);
    out.write(',\n');
  }
  out.write('  "sites": ');
  return {
    site(site) {
      out.write(`${n === 0 ? '[\n' : ',\n'}    ${element(site)}`);
      n++;
    },
    end(tail) {
      out.write(n === 0 ? '[]' : '\n  ]');
      const keys = Object.keys(tail);
      const after = keys.indexOf('sites') >= 0 ? keys.slice(keys.indexOf('sites') + 1) : keys.filter((k) => !before.includes(k));
      for (const key of after) {
        const v = (tail as Record<string, unknown>)[key];
        if (!present(v)) continue;
        out.write(`,\n  ${JSON.stringify(key)}: `);
        writeValue(v, out);
      }
      out.write('\n}\n');
    },
  };
}

/** The stable machine interface (see the CLI contract): the Report as JSON, keys in a fixed order. */
export const jsonStream: StreamingFormatter = (head: ReportHead, ctx, out) => {
  const w = jsonWriter(ctx.marking !== undefined ? { marking: ctx.marking, ...head } : head, out);
  return { site: (site) => w.site(site), end: (tail: ReportTail) => w.end(tail) };
};

export const json = whole(jsonStream);
