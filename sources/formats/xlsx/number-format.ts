// sources/formats/xlsx/number-format.ts — which cells of a streamed workbook are dates. Excel keeps
// a date as a day number; only the cell's number format (styles.xml) says it is one. Built-in
// formats have ids without a code in the file; custom ones carry their code. The rules follow
// SheetJS's SSF.is_date, which the in-memory reader used, so both readers agree on every format.

/** The built-in formats that matter here (dates and times), by id, as Excel shows them in en-US. */
const BUILT_IN: Record<number, string> = {
  14: 'm/d/yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

/**
 * Locale-dependent built-ins (East Asian date formats, Thai variants) that Excel shows as one of
 * the formats above when the workbook is opened elsewhere.
 */
const SAME_AS: Record<number, number> = {
  27: 14,
  28: 14,
  29: 14,
  30: 14,
  31: 14,
  50: 14,
  51: 14,
  52: 14,
  53: 14,
  54: 14,
  55: 14,
  56: 14,
  57: 14,
  58: 14,
  71: 14,
  72: 14,
  73: 15,
  74: 16,
  75: 17,
  76: 20,
  77: 21,
  78: 22,
  79: 45,
  80: 46,
  81: 47,
};

/** The format code for a numFmtId: the workbook's own (custom, ≥ 164) or a built-in one. */
export function formatCode(id: number, custom: ReadonlyMap<number, string>): string | undefined {
  return custom.get(id) ?? BUILT_IN[id] ?? BUILT_IN[SAME_AS[id] ?? -1];
}

/**
 * True when a format shows a number as a date or time: a d, m, y, h, s (or era) outside quoted
 * text, escapes and brackets, AM/PM, or an elapsed-time bracket such as [h].
 */
export function isDateFormat(format: string): boolean {
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    switch (c) {
      case 'G':
      case 'g':
        if (format.substr(i, 7).toLowerCase() === 'general') {
          i += 7;
          break;
        }
        return c === 'g'; // 'g' is an era (Japanese calendars); 'G' alone is literal
      case '"': {
        const close = format.indexOf('"', i + 1);
        i = close < 0 ? format.length : close + 1;
        break;
      }
      case '\\':
      case '_':
      case '*':
        i += 2; // an escaped character, a space as wide as one, a fill character
        break;
      case 'B': // b1, b2: Buddhist and Gregorian years
      case 'b':
      case 'M':
      case 'D':
      case 'Y':
      case 'H':
      case 'S':
      case 'E':
      case 'm':
      case 'd':
      case 'y':
      case 'h':
      case 's':
      case 'e':
        return true;
      case 'A':
      case 'a':
        if (/^(a\/p|am\/pm)/i.test(format.slice(i, i + 5))) return true;
        i++;
        break;
      case '[': {
        const close = format.indexOf(']', i);
        const inside = format.slice(i, close < 0 ? format.length : close + 1);
        if (/^\[[hms]+\]$/i.test(inside)) return true; // elapsed time: [h]:mm
        i += inside.length; // colours, conditions, locales: [Red], [>=100], [$-413]
        break;
      }
      case '0':
      case '#':
      case '.':
      case '?':
        // Digits, with what belongs to them (the E of an exponent is not an era).
        i++;
        while (i < format.length && '0#?.,E+-%'.includes(format[i]!)) i++;
        break;
      default:
        i++;
    }
  }
  return false;
}
