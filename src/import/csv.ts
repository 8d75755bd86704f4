// An RFC 4180 CSV reader: fields separated by commas, records by CRLF (a bare LF or CR is accepted
// too, as spreadsheets on other systems write them); a field in double quotes may hold commas, line
// breaks and doubled quotes (""). A UTF-8 byte-order mark is skipped. Every record keeps the line it
// starts on, so errors can name the spreadsheet row and the line in the file.

export interface CsvRecord {
  /** 1-based record number: the header is record 1, as a spreadsheet numbers its rows. */
  readonly row: number;
  /** 1-based line in the file where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvProblem {
  readonly row: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface CsvResult {
  readonly records: CsvRecord[];
  readonly problems: CsvProblem[];
}

export function parseCsv(input: string): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let col = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted and is closed
  let fieldStarted = false;
  const n = text.length;
  const endField = (): void => {
    fields.push(field);
    field = '';
    wasQuoted = false;
    fieldStarted = false;
  };
  const endRecord = (): void => {
    endField();
    // A completely empty line is not a record (a trailing newline, or blank lines between rows).
    if (!(fields.length === 1 && fields[0] === '' && !wasQuotedRecord)) records.push({ row: records.length + 1, line: recordLine, fields });
    fields = [];
    wasQuotedRecord = false;
  };
  let wasQuotedRecord = false;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          col += 2;
          continue;
        }
        quoted = false;
        wasQuoted = true;
        i++;
        col++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        // A line break inside quotes is part of the field; CRLF is kept as one line break.
        if (ch === '\r' && text[i + 1] === '\n') {
          field += '\r\n';
          i += 2;
        } else {
          field += ch;
          i++;
        }
        line++;
        col = 1;
        continue;
      }
      field += ch;
      i++;
      col++;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      col++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      recordLine = line;
      continue;
    }
    if (ch === '"') {
      if (!fieldStarted && !wasQuoted) {
        quoted = true;
        fieldStarted = true;
        wasQuotedRecord = true;
        i++;
        col++;
        continue;
      }
      problems.push({ row: records.length + 1, line, column: col, message: 'a double quote inside a field that is not quoted; quote the whole field and double the quote ("")' });
    } else if (wasQuoted) {
      problems.push({ row: records.length + 1, line, column: col, message: 'text after the closing quote of a field; put the whole field in quotes' });
    }
    field += ch;
    fieldStarted = true;
    i++;
    col++;
  }
  if (quoted) {
    problems.push({ row: records.length + 1, line: recordLine, column: 1, message: 'a quoted field is never closed (a missing double quote)' });
  }
  if (fieldStarted || wasQuoted || fields.length > 0) endRecord();
  return { records, problems };
}
