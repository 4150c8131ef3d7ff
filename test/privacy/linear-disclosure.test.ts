import { describe, expect, it } from 'vitest';
import { solvableCells } from './linear-disclosure.ts';

// The audit behind suppression.test.ts: which hidden cells all published equations together
// give away. It must find what no single equation shows, and nothing where nothing can be found.
describe('the audit of all equations together', () => {
  it('finds a cell that no single equation gives away but three together do', () => {
    // a + b, b + c and a + c are published, a, b, c hidden: each equation has two hidden terms,
    // yet a = ((a + b) − (b + c) + (a + c)) / 2.
    const eq = (...cells: number[]) => cells.map((cell) => ({ cell, coef: 1 }));
    expect(solvableCells([eq(1, 2), eq(2, 3), eq(1, 3)])).toEqual([1, 2, 3]);
    // Two of them leave all three open; a twin (d − a = 0) adds d without giving anything away.
    expect(
      solvableCells([
        eq(1, 2),
        eq(2, 3),
        [
          { cell: 4, coef: 1 },
          { cell: 1, coef: -1 },
        ],
      ]),
    ).toEqual([]);
  });

  it('leaves the pattern of the rows-in test below open: January, April and their quarters', () => {
    // Hidden terms only (the rest is known): Q1 − Jan, Q2 − Apr, year − Q1 − Q2 with the year
    // shown, year − Jan − Apr − … with the year shown. Four unknowns, three independent
    // equations: every value is consistent with many others.
    const [jan, apr, q1, q2] = [1, 4, 101, 102];
    const term = (cell: number, coef: number) => ({ cell, coef });
    const equations = [
      [term(q1, 1), term(jan, -1)],
      [term(q2, 1), term(apr, -1)],
      [term(q1, -1), term(q2, -1)],
      [term(jan, -1), term(apr, -1)],
    ];
    expect(solvableCells(equations)).toEqual([]);
    // Had February been hidden alone next to January in Q1, nothing changes; had April been
    // shown, Q2 would be known from the year and Q1 from Q2, and January from Q1.
    expect(solvableCells([[term(q1, 1), term(jan, -1)], [term(q1, -1)]])).toEqual([jan, q1]);
  });
});
