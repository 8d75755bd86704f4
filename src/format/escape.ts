// The one escaper for text from site files, file names and git history in every output (text,
// explain, github, markdown, junit, sarif, diff, the audit reports): whatever a site writes, it
// stays on its own line and reads left to right. Line and paragraph breaks (LF, CR, U+2028,
// U+2029), every other control character (C0, DEL, C1), bidi and other format marks (U+200E,
// U+061C, U+202A–U+202E, U+2066–U+2069, zero-width characters, U+FEFF, tag characters …) and lone
// surrogates are shown as \xNN / \uNNNN / \u{NNNNN} escapes, as file names are (util/paths.ts),
// so no site can print a line of its own such as "Verdict: ○ NOT SENSITIVE".

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function escapeOne(ch: string): string {
  const n = ch.codePointAt(0)!;
  if (n < 0x100) return `\\x${n.toString(16).padStart(2, '0')}`;
  if (n < 0x10000) return `\\u${n.toString(16).padStart(4, '0')}`;
  return `\\u{${n.toString(16)}}`;
}

/** A value from a site file or a file name, safe to print on one line of any output. */
export function oneLine(s: unknown): string {
  const text = String(s);
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOne) : text;
}
