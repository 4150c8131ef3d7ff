// Quoting for the few SQL fragments that are built from configuration (column names from an
// export, file paths). Values from data never go through here: they stay inside DuckDB.
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const str = (value: string) => `'${value.replaceAll("'", "''")}'`;
export const strList = (values: readonly string[]) => `[${values.map(str).join(', ')}]`;
