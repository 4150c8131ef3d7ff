import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Transcoding, transcodeToUtf8 } from '../../../../sources/formats/csv/encoding.ts';
import { decodeSample } from '../../../../sources/formats/csv/sniff.ts';

const dir = mkdtempSync(join(tmpdir(), 'impact-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1252 = (text: string) => Buffer.from(text, 'latin1'); // é, ë: the same byte in both

async function transcode(content: Buffer, encoding: Transcoding): Promise<string> {
  const from = join(dir, 'in.csv');
  const to = join(dir, 'out.csv');
  writeFileSync(from, content);
  await transcodeToUtf8(from, to, encoding);
  return readFileSync(to, 'utf8');
}

describe('Windows-1252 to UTF-8', () => {
  it('reads € and curly quotes, which latin-1 does not have', async () => {
    expect(await transcode(Buffer.from([0x80, 0x3b, 0x93, 0x61, 0x94]), 'windows-1252')).toBe('€;“a”');
  });

  it.each([1, 2])(
    'drops byte-order marks wherever they are, also when the first %i byte(s) of one end a 1 MiB read',
    async (split) => {
      const head = Buffer.concat([bom, cp1252('a\r\n')]);
      const filler = cp1252(`${'x'.repeat((1 << 20) - split - head.length - 2)}\r\n`);
      const content = Buffer.concat([head, filler, bom, cp1252('café\r\n')]);
      expect(content.indexOf(bom, 1)).toBe((1 << 20) - split);
      const out = await transcode(content, 'windows-1252');
      expect(out).toBe(`a\r\n${filler.toString('latin1')}café\r\n`);
    },
  );
});

describe('per line (encoding: auto, a file that is not all UTF-8)', () => {
  it('keeps the UTF-8 lines and reads the others as Windows-1252', async () => {
    const content = Buffer.concat([
      utf8('Cliëntnummer;Soort\r\n'),
      cp1252('1;café\r\n'),
      utf8('2;café\r\n'),
      bom,
      cp1252('3;ë'),
    ]);
    expect(await transcode(content, 'per-line')).toBe('Cliëntnummer;Soort\r\n1;café\r\n2;café\r\n3;ë');
  });

  it('a line that runs over many reads is still decoded as one line', async () => {
    const long = 'é'.repeat(3 << 20);
    const out = await transcode(
      Buffer.concat([cp1252('1;é\r\n'), utf8(`2;${long}\r\n`), cp1252('3;é\r\n')]),
      'per-line',
    );
    expect(out).toBe(`1;é\r\n2;${long}\r\n3;é\r\n`);
  });

  it('the sample that finds the header is read the same way', () => {
    expect(
      decodeSample(Buffer.concat([bom, utf8('Cliëntnummer;Soort\r\n'), cp1252('1;café\r\n')]), 'per-line'),
    ).toBe('Cliëntnummer;Soort\r\n1;café\r\n');
  });
});
