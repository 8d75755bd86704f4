import { Box, Text } from 'ink';
import type { InputError } from '../../model.js';
import { seg } from '../lines.js';
import { StyledLine } from './StyledLine.js';

export interface ErrorListProps {
  readonly errors: readonly InputError[];
  readonly height: number;
}

/** The input errors, each with its file, line and column: files that could not be read as sites. */
export function ErrorList({ errors, height }: ErrorListProps) {
  if (errors.length === 0) return <Text>No input errors: every file was read.</Text>;
  const shown = errors.slice(0, height - 1);
  return (
    <Box flexDirection="column">
      <Text bold>{errors.length} input error{errors.length === 1 ? '' : 's'} — these files (or parts) were not read as sites:</Text>
      {shown.map((e, i) => (
        <StyledLine key={i} line={[seg(`${e.file}:${e.line}:${e.column}  `, 'cyan'), seg(e.message), ...(e.path ? [seg(`  (${e.path})`, 'dim')] : [])]} />
      ))}
      {errors.length > shown.length ? <Text dimColor>…and {errors.length - shown.length} more (sitecheck check lists them all)</Text> : null}
    </Box>
  );
}
