// Colour on or off for the whole TUI (off under NO_COLOR or --no-color). Every coloured word is
// also a word or symbol, so the screens read the same without colour.
import { createContext, useContext } from 'react';
import type { Tone } from './lines.js';

export const ColorContext = createContext(true);

export function useColor(): boolean {
  return useContext(ColorContext);
}

export interface ToneProps {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
}

export function toneProps(tone: Tone | undefined, color: boolean): ToneProps {
  switch (tone) {
    case 'bold':
      return { bold: true };
    case 'dim':
      return color ? { dimColor: true } : {};
    case 'red':
    case 'green':
    case 'yellow':
    case 'cyan':
      return color ? { color: tone } : {};
    default:
      return {};
  }
}
