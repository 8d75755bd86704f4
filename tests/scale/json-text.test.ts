// The report writer's JSON text (src/util/json-text.ts) is JSON.stringify's, byte for byte, for
// fuzzed values: every JSON value, undefined and functions (left out of objects, null in arrays),
// non-finite numbers, -0, lone surrogates, keys such as __proto__, objects without a prototype,
// Dates (toJSON), and shared parts whose kept text is reused at the same and at other depths.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText, markShared } from '../../src/util/json-text.js';
import { fuzz, TIMEOUT } from '../fuzz/config.js';

const odd = fc.constantFrom<unknown>(undefined, () => 1, NaN, Infinity, -Infinity, -0, '\ud800', 'a\u2028b', '"\\\n\u0001', new Date(0), Object.assign(Object.create(null), { x: 1 }));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), odd, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '')), tie('v'), { maxKeys: 4 })),
})).v;

/** JSON.stringify's text for `v` nested `depth` levels down (inside arrays), cut out. */
function nested(v: unknown, depth: number, pretty: boolean): string | undefined {
  let wrapped: unknown = v;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const whole = pretty ? JSON.stringify(wrapped, null, 2) : JSON.stringify(wrapped);
  if (whole === undefined) return undefined;
  if (depth === 0) return whole;
  let head = 0;
  let tail = 0;
  for (let i = 0; i < depth; i++) {
    head += pretty ? 2 + 2 * (i + 1) : 1;
    tail += pretty ? 2 + 2 * i : 1;
  }
  return whole.slice(head, whole.length - tail);
}

describe('jsonText = JSON.stringify', () => {
  it('for fuzzed values, pretty and compact, at every depth', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 4 }), fc.boolean(), (v, depth, pretty) => {
        if (v === undefined || typeof v === 'function') return;
        expect(jsonText(v, pretty ? ' '.repeat(2 * depth) : '', pretty)).toBe(nested(v, depth, pretty));
      }),
      fuzz(2_000),
    );
  }, TIMEOUT);

  it('a shared part reused at several depths and in both forms gives the text JSON.stringify gives, each time', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (vs) => {
        const part = markShared(Object.freeze({ list: markShared(Object.freeze([...vs])), n: 1 }));
        const doc = { a: part, b: [part, { c: part }], d: [[part]] };
        for (const pretty of [true, false]) {
          for (let i = 0; i < 2; i++) {
            expect(jsonText(doc, '', pretty)).toBe(pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc));
            expect(jsonText({ deeper: doc }, '    ', pretty)).toBe(nested({ deeper: doc }, 2, pretty));
          }
        }
      }),
      fuzz(500),
    );
  }, TIMEOUT);

  it('what JSON.stringify leaves undefined, jsonText does too; a BigInt throws the same error', () => {
    expect(jsonText(undefined, '', true)).toBeUndefined();
    expect(jsonText(() => 1, '', false)).toBeUndefined();
    expect(() => jsonText({ a: 1n }, '', true)).toThrow(TypeError);
  });
});
