// Which hidden cells a reader can solve from published equations taken all together — not one
// equation at a time. Each equation is a linear relation between cells (a quarter minus its
// months is 0, …); the shown cells are numbers the reader has, so only the hidden terms matter.
// A hidden cell is given away exactly when its unit vector lies in the row space of the
// equations over the hidden cells: in reduced row echelon form, a row with that cell alone.
// Sparse Gauss–Jordan, one equation at a time: the relations are short and local (months of a
// quarter, a flow from one period to the next), so rows stay short.

export type Term = { cell: number; coef: number };

const EPS = 1e-9;

/** The hidden cells that the equations (hidden terms only) determine, in ascending order. */
export function solvableCells(equations: Term[][]): number[] {
  // pivot cell → its row (pivot coefficient 1, no other pivot cell in it)
  const pivots = new Map<number, Map<number, number>>();
  // cell → the pivots whose rows mention it, to eliminate a new pivot from them
  const mentions = new Map<number, Set<number>>();
  const mention = (cell: number, pivot: number) => {
    const set = mentions.get(cell) ?? new Set<number>();
    set.add(pivot);
    mentions.set(cell, set);
  };

  for (const equation of equations) {
    const row = new Map<number, number>();
    for (const { cell, coef } of equation) row.set(cell, (row.get(cell) ?? 0) + coef);
    for (const cell of [...row.keys()]) {
      const pivotRow = pivots.get(cell);
      const factor = row.get(cell);
      if (!pivotRow || factor === undefined) continue;
      for (const [c, v] of pivotRow) row.set(c, (row.get(c) ?? 0) - factor * v);
    }
    for (const [c, v] of row) if (Math.abs(v) < EPS) row.delete(c);
    if (!row.size) continue; // follows from the equations before it

    const [pivot, scale] = [...row.entries()].reduce((a, b) => (Math.abs(b[1]) > Math.abs(a[1]) ? b : a));
    for (const [c, v] of row) row.set(c, v / scale);
    // Keep every other row free of the new pivot.
    for (const other of mentions.get(pivot) ?? []) {
      const otherRow = pivots.get(other)!;
      const factor = otherRow.get(pivot);
      if (factor === undefined) continue;
      for (const [c, v] of row) {
        const next = (otherRow.get(c) ?? 0) - factor * v;
        if (Math.abs(next) < EPS) {
          otherRow.delete(c);
          mentions.get(c)?.delete(other);
        } else {
          otherRow.set(c, next);
          mention(c, other);
        }
      }
    }
    mentions.delete(pivot);
    pivots.set(pivot, row);
    for (const c of row.keys()) if (c !== pivot) mention(c, pivot);
  }

  return [...pivots.entries()]
    .filter(([, row]) => row.size === 1)
    .map(([cell]) => cell)
    .sort((a, b) => a - b);
}
