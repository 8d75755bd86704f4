// The rules or parameters are invalid (exit 2, every problem listed). Its own module so that
// main.ts can tell it apart without loading the rules' loader.
import type { InputError } from '../model.js';

export class RulesError extends Error {
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
}
