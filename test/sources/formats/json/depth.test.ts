import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanDepth } from '../../../../sources/formats/json/depth.ts';

// The depth guard reads bytes, not values: brackets inside text do not count, escaped quotes do
// not end a text, and a file too deep is named by line and, for a list, by record.
const dir = mkdtempSync(join(tmpdir(), 'impact-depth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const scan = (content: string, limit = 3) => {
  const path = join(dir, `${++n}.json`);
  writeFileSync(path, content);
  return scanDepth(path, limit);
};

describe('the JSON depth scan', () => {
  it('counts objects and lists, not brackets inside text or after an escaped quote', async () => {
    expect(await scan('[{"a": {"b": 1}}]')).toEqual({ maxDepth: 3, first: '[' });
    expect(await scan('[{"note": "[[[{{{ \\" [[[ "}]')).toEqual({ maxDepth: 2, first: '[' });
  });

  it('names the line and the record of the list where the nesting goes too deep', async () => {
    expect(await scan('[{"a": 1},\n {"a": 2},\n {"a": [[[1]]]}]')).toEqual({
      maxDepth: 4,
      tooDeepAtLine: 3,
      tooDeepInItem: 3,
      first: '[',
    });
    expect(await scan('{"a": 1}\n{"a": {"b": {"c": {"d": 1}}}}\n')).toEqual({
      maxDepth: 4,
      tooDeepAtLine: 2,
      first: '{',
    });
  });

  it('stops at the limit, however deep the file goes', async () => {
    const bomb = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(await scan(bomb, 64)).toEqual({ maxDepth: 65, tooDeepAtLine: 1, tooDeepInItem: 1, first: '[' });
  });

  it('tells an empty file by its first character being absent, past a byte-order mark', async () => {
    expect(await scan(' \r\n\t')).toEqual({ maxDepth: 0 });
    expect(await scan('\uFEFF[]')).toEqual({ maxDepth: 1, first: '[' });
    expect(await scan('%PDF-1.4')).toEqual({ maxDepth: 0, first: '%' });
  });
});
