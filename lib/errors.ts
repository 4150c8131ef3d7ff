// Errors written for people. A UserError is something the person running `impact` can fix
// (a config key, a missing folder, a broken export): the CLI prints its message on one line,
// with the hint, and no stack trace unless --verbose.

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** Where in an input a problem sits: `regicare · contacten_2025-03.csv · row 118 · column Datum`. */
export function place(parts: {
  source?: string;
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
}) {
  const out: string[] = [];
  if (parts.source) out.push(parts.source);
  if (parts.file) out.push(parts.file);
  if (parts.sheet) out.push(`sheet ${parts.sheet}`);
  if (parts.row !== undefined) out.push(`row ${parts.row}`);
  if (parts.column) out.push(`column ${parts.column}`);
  return out.join(' · ');
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
