/**
 * The export form's format options and the body it sends. Pure.
 *
 * The server's format catalog owns which options a format takes (annotator/formats: doccano's
 * `offsets`) and refuses any other with a 400 naming `options.<name>`; this lists the ones the
 * form offers, with words a person reads.
 */
import type { ExportStart } from '../api/types';

export interface FormatOptionChoice {
  readonly name: string;
  readonly label: string;
  /** [value, what it means], the default first. */
  readonly choices: readonly (readonly [string, string])[];
}

export const EXPORT_FORMAT_OPTIONS: Readonly<Record<string, readonly FormatOptionChoice[]>> = {
  doccano: [{
    name: 'offsets',
    label: 'Offsets count',
    choices: [
      ['codepoints', 'code points (doccano import, Python)'],
      ['utf16', 'UTF-16 units (doccano browser UI, text with emoji)'],
    ],
  }],
  labelstudio: [{
    name: 'offsets',
    label: 'Offsets count',
    choices: [
      ['codepoints', 'code points (Python)'],
      ['utf16', 'UTF-16 units (JavaScript, emoji)'],
    ],
  }],
  hf: [{
    name: 'rows',
    label: 'One row a',
    choices: [
      ['sentence', 'sentence (CoNLL-2003, NER fine-tuning)'],
      ['document', 'document'],
    ],
  }],
};

/** The export form's choices, kept when the list is drawn again. */
export interface ExportChoice {
  readonly format: string;
  readonly onlyGold: boolean;
  /** Option values by name, for the options of any format (only the chosen format's are sent). */
  readonly options?: Readonly<Record<string, string>>;
}

/** The options of `format` the form offers. */
export function formatOptions(format: string): readonly FormatOptionChoice[] {
  return (Object.prototype.hasOwnProperty.call(EXPORT_FORMAT_OPTIONS, format) && EXPORT_FORMAT_OPTIONS[format]) || [];
}

/** The body of `POST projects/{id}/exports/` for a choice: `options` only for the chosen format's options. */
export function exportBody(choice: ExportChoice): ExportStart {
  const options: Record<string, string> = {};
  for (const option of formatOptions(choice.format)) {
    const value = choice.options?.[option.name];
    if (value !== undefined && option.choices.some(([known]) => known === value)) options[option.name] = value;
  }
  const body: ExportStart = { format: choice.format, only_gold: choice.onlyGold };
  return Object.keys(options).length ? { ...body, options } : body;
}
