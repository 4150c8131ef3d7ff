import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blankLines, unclosedQuotes } from '../../../../sources/formats/csv/quotes.ts';

const dir = mkdtempSync(join(tmpdir(), 'impact-quotes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes the lines (CRLF) and returns the 1-based lines and 0-based fields of unclosed quotes. */
function scan(lines: string[], skip = 1) {
  const path = join(dir, `${n++}.csv`);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  const found = unclosedQuotes(path, ';', '"', skip);
  const out = join(dir, `${n++}.csv`);
  const blanked = blankLines(path, out, found, ';', '"');
  return { blanked, text: readFileSync(out, 'utf8') };
}

describe('quotes that open a field and never close', () => {
  it('a file without quotes, or with quotes that close, is left as it is', () => {
    const lines = [
      'a;b;c',
      '1;x;y',
      '2;"x;y";"with ""quotes"""',
      '3;"a note',
      'over two lines";z',
      '4;5 "inch";""',
    ];
    expect(scan(lines)).toEqual({ blanked: [], text: `${lines.join('\r\n')}\r\n` });
  });

  it('an unclosed quote empties its own line; the line break stays, so later lines keep their numbers', () => {
    expect(scan(['a;b;c', '1;x;y', '2;x;"gesprek', '3;x;y', '4;"x";y'])).toEqual({
      blanked: [{ line: 3, field: 2 }],
      text: 'a;b;c\r\n1;x;y\r\n\r\n3;x;y\r\n4;"x";y\r\n',
    });
  });

  it('each unclosed quote is found, also after a quoted line break and in the last line', () => {
    expect(
      scan(['a;b;c', '"open;x;y', '2;"note', 'continued";y', '3;x;"open', '4;x;y', '5;"open;y']).blanked,
    ).toEqual([
      { line: 2, field: 0 },
      { line: 5, field: 2 },
      { line: 7, field: 1 },
    ]);
  });

  it('a quote that closes but is followed by more text on its own line is left to DuckDB', () => {
    expect(scan(['a;b;c', '1;"x"y;z', '2;x;y']).blanked).toEqual([]);
  });

  it('a quoted field with a line break and text after its closing quote: the quote never closed', () => {
    expect(scan(['a;b;c', '1;"x', 'y"z;w', '2;x;y']).blanked).toEqual([{ line: 2, field: 1 }]);
  });

  it('the lines above the records (title, header) are not scanned', () => {
    expect(scan(['"Rapport van 3"5', 'a;b;c', '1;x;y'], 2).blanked).toEqual([]);
  });

  it('a quote opened more than 4 MB before its close counts as unclosed (DuckDB cannot read the line)', () => {
    const long = Array(50_000).fill('x'.repeat(99)).join('\r\n');
    expect(scan(['a;b;c', `1;"${long}";y`, '2;x;y']).blanked).toEqual([{ line: 2, field: 1 }]);
  });
});
