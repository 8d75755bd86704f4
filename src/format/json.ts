import type { Formatter, Sink } from './types.js';

/**
 * `JSON.stringify(value, null, 2)` written in pieces: the top-level arrays (sites, errors) one
 * element at a time, so the whole text is never held at once. Byte for byte the same output.
 */
export function writeJson(value: object, out: Sink): void {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return out.write('{}');
  out.write('{\n');
  entries.forEach(([key, v], i) => {
    out.write(`  ${JSON.stringify(key)}: `);
    if (Array.isArray(v) && v.length > 0) {
      out.write('[\n');
      v.forEach((item: unknown, j) => {
        const text = JSON.stringify(item === undefined ? null : item, null, 2) ?? 'null';
        out.write(`    ${text.replace(/\n/g, '\n    ')}${j < v.length - 1 ? ',' : ''}\n`);
      });
      out.write('  ]');
    } else {
      out.write(JSON.stringify(v, null, 2).replace(/\n/g, '\n  '));
    }
    out.write(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.write('}');
}

/** The stable machine interface (see the CLI contract): the Report as JSON, keys in a fixed order. */
export const json: Formatter = (report, _ctx, out) => {
  writeJson(report, out);
  out.write('\n');
};
