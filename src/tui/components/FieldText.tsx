import { Text } from 'ink';
import { splitAtCursor, type Field } from '../field.js';

/** A text box: the text with the cursor shown as an inverted character. */
export function FieldText({ field }: { readonly field: Field }) {
  const [before, at, after] = splitAtCursor(field);
  return (
    <Text>
      {before}<Text inverse>{at}</Text>{after}
    </Text>
  );
}
