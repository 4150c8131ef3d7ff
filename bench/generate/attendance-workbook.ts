// The attendance workbook of the collective work (buurtwerk, jongerenwerk inloop): one sheet
// per team, one row per session of a weekly activity, with a Totaal row of SUM formulas at
// the bottom, as teams keep it. No sessions in the Christmas week and the summer holiday.
import { dayOf, dutchDay, partsOf, weekday } from './dates.ts';
import type { Plan } from './plan.ts';
import { Rng, Stream } from './random.ts';
import { type Cell, XlsxWriter } from './xlsx-writer.ts';

export const ATTENDANCE_PATH = 'activiteiten/aanwezigheid.xlsx';
export const ATTENDANCE_HEADER = [
  'Datum',
  'Activiteit',
  'Werksoort',
  'Wijk',
  'Gemeente',
  'Deelnemers',
  'Vrijwilligers',
  'Vrijwilligersuren',
] as const;

interface Activity {
  name: string;
  service: 'Buurtwerk' | 'Jongerenwerk';
  neighbourhood: string;
  municipality: string;
  /** 0 = Monday. */
  weekday: number;
  participants: number;
  hours: number;
  schoolWeeksOnly?: boolean;
}

const act = (
  name: string,
  neighbourhood: string,
  municipality: string,
  day: number,
  participants: number,
  hours: number,
): Activity => ({
  name,
  service: name === 'Jongereninloop' || name === 'Huiswerkbegeleiding' ? 'Jongerenwerk' : 'Buurtwerk',
  neighbourhood,
  municipality,
  weekday: day,
  participants,
  hours,
  schoolWeeksOnly: name === 'Huiswerkbegeleiding',
});

export const TEAM_ACTIVITIES: readonly (readonly [string, readonly Activity[]])[] = [
  [
    'Team Noord',
    [
      act('Koffie-ochtend', 'Overvecht', 'Utrecht', 1, 14, 2.5),
      act('Taalcafé', 'Zuilen', 'Utrecht', 3, 11, 2),
      act('Jongereninloop', 'Overvecht', 'Utrecht', 2, 18, 3),
      act('Buurtmaaltijd', 'Maarssenbroek', 'Stichtse Vecht', 4, 24, 3.5),
    ],
  ],
  [
    'Team Zuid',
    [
      act('Huiswerkbegeleiding', 'Kanaleneiland', 'Utrecht', 1, 12, 2),
      act('Jongereninloop', 'Batau-Noord', 'Nieuwegein', 4, 16, 3),
      act('Koffie-ochtend', 'Zenderpark', 'IJsselstein', 2, 10, 2),
      act('Taalcafé', 'Hoograven', 'Utrecht', 0, 9, 2),
    ],
  ],
  [
    'Team Oost',
    [
      act('Buurtmaaltijd', 'Lunetten', 'Utrecht', 3, 20, 3),
      act('Koffie-ochtend', 'Crosswijk', 'Zeist', 0, 12, 2.5),
      act('Jongereninloop', 'De Schaft', 'Houten', 2, 15, 3),
      act('Taalcafé', 'Bilthoven-Noord', 'De Bilt', 1, 8, 2),
    ],
  ],
];

export interface AttendanceResult {
  path: string;
  rows: number;
  /** Sessions per year × municipality × service, for the budget. */
  sessions: Map<string, number>;
}

/** ISO week number, enough to tell holiday weeks. */
function isoWeek(day: number): number {
  const thursday = day - weekday(day) + 3;
  const { year } = partsOf(thursday);
  return Math.floor((thursday - dayOf(year, 1, 1)) / 7) + 1;
}

function isHoliday(day: number, schoolOnly: boolean): boolean {
  const week = isoWeek(day);
  if (week >= 52 || week === 1) return true;
  if (week >= 30 && week <= 32) return true;
  return schoolOnly && ((week >= 28 && week <= 35) || week === 8 || week === 18 || week === 43);
}

export async function writeAttendance(plan: Plan): Promise<AttendanceResult> {
  const rng = Rng.for(plan.seed, 0, Stream.activities);
  const xlsx = await XlsxWriter.create(`${plan.dir}/${ATTENDANCE_PATH}`, plan.to);
  const sessions = new Map<string, number>();
  let rows = 0;
  for (const [team, activities] of TEAM_ACTIVITIES) {
    await xlsx.startSheet(team, [12, 22, 14, 16, 16, 12, 13, 17]);
    xlsx.row([{ title: `Aanwezigheid collectieve activiteiten ${team}` }]);
    xlsx.row([]);
    xlsx.row(ATTENDANCE_HEADER.map((h) => ({ bold: h })));
    let participantsTotal = 0;
    let volunteersTotal = 0;
    let hoursTotal = 0;
    const monday = plan.from - weekday(plan.from);
    const inWeekOrder = [...activities].sort((a, b) => a.weekday - b.weekday);
    for (let week = monday; week <= plan.to; week += 7) {
      for (const a of inWeekOrder) {
        const day = week + a.weekday;
        if (
          day < plan.from ||
          day > plan.to ||
          isHoliday(day, a.schoolWeeksOnly === true) ||
          rng.chance(0.04)
        )
          continue;
        const { year, month } = partsOf(day);
        const season = month >= 6 && month <= 8 ? 0.75 : month <= 2 ? 1.1 : 1;
        const participants = Math.max(
          1,
          Math.round(rng.normal(a.participants * season, a.participants * 0.25)),
        );
        const volunteers = Math.max(0, Math.round(rng.normal(2.5, 1.1)));
        const hours = volunteers * (a.hours + rng.pick([0, 0, 0, 0.5, -0.5]));
        const cells: Cell[] = [
          rng.chance(0.97) ? { day } : dutchDay(day), // typed as text
          a.name,
          a.service,
          a.neighbourhood,
          a.municipality,
          participants,
          volunteers,
          { decimal: hours },
        ];
        xlsx.row(cells);
        rows++;
        participantsTotal += participants;
        volunteersTotal += volunteers;
        hoursTotal += hours;
        const key = `${year}|${a.municipality}|${a.service}`;
        sessions.set(key, (sessions.get(key) ?? 0) + 1);
      }
      await xlsx.flush();
    }
    const last = xlsx.rowCount;
    xlsx.row([
      { bold: 'Totaal' },
      null,
      null,
      null,
      null,
      { formula: `SUM(F4:F${last})`, value: participantsTotal },
      { formula: `SUM(G4:G${last})`, value: volunteersTotal },
      { formula: `SUM(H4:H${last})`, value: hoursTotal },
    ]);
    xlsx.merge('A1:H1');
  }
  await xlsx.close();
  return { path: ATTENDANCE_PATH, rows, sessions };
}
