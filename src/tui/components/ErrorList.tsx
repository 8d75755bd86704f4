import { Box, Text } from 'ink';
import type { InputError } from '../../model.js';
import { seg, wrapLine, type Line } from '../lines.js';
import { StyledLine } from './StyledLine.js';

export interface ErrorListProps {
  readonly errors: readonly InputError[];
  readonly height: number;
  readonly width: number;
  /** The first error shown. */
  readonly top: number;
}

/** The input errors, each with its file, line and column: files that could not be read as sites. */
export function ErrorList({ errors, height, width, top }: ErrorListProps) {
  if (errors.length === 0) return <Text>No input errors: every file was read.</Text>;
  // Each error wrapped to the width; as many whole errors as fit.
  const shown: Line[][] = [];
  let used = 1;
  for (const e of errors.slice(top)) {
    const lines = wrapLine([seg(`${e.file}:${e.line}:${e.column}  `, 'cyan'), seg(e.message), ...(e.path ? [seg(`  (${e.path})`, 'dim')] : [])], width - 1, 4);
    if (used + lines.length > height - 1 && shown.length > 0) break;
    shown.push(lines);
    used += lines.length;
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{errors.length} input error{errors.length === 1 ? '' : 's'} — not read as sites{top > 0 ? ` (from number ${top + 1})` : ''}:</Text>
      {shown.flat().map((l, i) => <StyledLine key={i} line={l} />)}
      {errors.length > top + shown.length ? <Text dimColor>…and {errors.length - top - shown.length} more (↓ to scroll)</Text> : null}
    </Box>
  );
}
