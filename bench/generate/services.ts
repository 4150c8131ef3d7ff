// The organisation's individual services (werksoorten) and what differs between them: who
// comes (age), how long help lasts, who refers, how contact happens, which ZRM domains are
// the service's own. One table, so the shape of the demo data can be read and tuned in one place.

export type ServiceCode = 'amw' | 'shv' | 'jw' | 'smw' | 'mz';

export type ContactType =
  | 'Face-to-face'
  | 'Telefonisch'
  | 'Huisbezoek'
  | 'Beeldbellen'
  | 'E-mail'
  | 'Groepsgesprek';

export interface Service {
  code: ServiceCode;
  /** The Werksoort as RegiCare writes it. */
  name: string;
  /** Share of new clients for whom this is the first service. */
  weight: number;
  /** Age at registration: mean, sd, min, max. */
  age: readonly [number, number, number, number];
  /** Median length of a trajectory in days, and the spread (sd of the log). */
  durationDays: number;
  durationSpread: number;
  referrers: readonly (readonly [string, number])[];
  contactTypes: readonly (readonly [ContactType, number])[];
  /** ZRM is filled in for this service. */
  zrm: boolean;
  /** ZRM domains this service works on: low at intake, most change at exit. */
  focus: readonly string[];
  /** A team of its own, whatever the municipality. */
  team?: string;
}

// biome-ignore format: a service table reads best as a table
export const SERVICES: readonly Service[] = [
  {
    code: 'amw',
    name: 'Algemeen maatschappelijk werk',
    weight: 35,
    age: [45, 16, 18, 90],
    durationDays: 120,
    durationSpread: 0.7,
    referrers: [['Huisarts', 35], ['Wijkteam', 25], ['Zelfmelder', 25], ['Gemeente', 10], ['Woningcorporatie', 5]],
    contactTypes: [['Face-to-face', 45], ['Telefonisch', 25], ['Huisbezoek', 15], ['Beeldbellen', 8], ['E-mail', 7]],
    zrm: true,
    focus: ['Huiselijke relaties', 'Geestelijke gezondheid', 'Sociaal netwerk', 'Financiën'],
  },
  {
    code: 'shv',
    name: 'Schuldhulpverlening',
    weight: 22,
    age: [42, 12, 19, 80],
    durationDays: 300,
    durationSpread: 0.55,
    referrers: [['Gemeente', 30], ['Woningcorporatie', 20], ['Zelfmelder', 25], ['Huisarts', 10], ['Wijkteam', 15]],
    contactTypes: [['Face-to-face', 40], ['Telefonisch', 30], ['Huisbezoek', 10], ['Beeldbellen', 5], ['E-mail', 15]],
    zrm: true,
    focus: ['Financiën', 'Huisvesting', 'Werk & opleiding'],
  },
  {
    code: 'jw',
    name: 'Jongerenwerk',
    weight: 15,
    age: [16, 2.8, 12, 23],
    durationDays: 150,
    durationSpread: 0.7,
    referrers: [['Zelfmelder', 40], ['School', 25], ['Wijkteam', 25], ['Gemeente', 10]],
    contactTypes: [
      ['Face-to-face', 45], ['Telefonisch', 15], ['Huisbezoek', 5], ['Beeldbellen', 5], ['E-mail', 10],
      ['Groepsgesprek', 20],
    ],
    zrm: true,
    focus: ['Tijdsbesteding', 'Werk & opleiding', 'Sociaal netwerk', 'Middelengebruik', 'Justitie'],
  },
  {
    code: 'smw',
    name: 'Schoolmaatschappelijk werk',
    weight: 13,
    age: [14, 1.8, 12, 18],
    durationDays: 90,
    durationSpread: 0.6,
    referrers: [['School', 80], ['Huisarts', 5], ['Wijkteam', 10], ['Zelfmelder', 5]],
    contactTypes: [
      ['Face-to-face', 50], ['Telefonisch', 20], ['Huisbezoek', 10], ['Beeldbellen', 5], ['E-mail', 10],
      ['Groepsgesprek', 5],
    ],
    zrm: false,
    focus: [],
    team: 'Team Scholen',
  },
  {
    code: 'mz',
    name: 'Mantelzorgondersteuning',
    weight: 15,
    age: [58, 14, 25, 90],
    durationDays: 180,
    durationSpread: 0.7,
    referrers: [['Huisarts', 35], ['Wijkteam', 30], ['Zelfmelder', 30], ['Gemeente', 5]],
    contactTypes: [['Face-to-face', 25], ['Telefonisch', 35], ['Huisbezoek', 30], ['Beeldbellen', 5], ['E-mail', 5]],
    zrm: false,
    focus: [],
    team: 'Team Mantelzorg',
  },
];

export const SERVICE_WEIGHTS = SERVICES.map((s) => [s, s.weight] as const);

export function serviceByCode(code: ServiceCode): Service {
  return SERVICES.find((s) => s.code === code)!;
}

/** Hours a contact of this kind takes, with weights. */
// biome-ignore format: a table
export const CONTACT_HOURS: Readonly<Record<ContactType, readonly (readonly [number, number])[]>> = {
  'Face-to-face': [[0.5, 15], [0.75, 30], [1, 35], [1.5, 15], [2, 5]],
  Telefonisch: [[0.25, 55], [0.5, 35], [0.75, 10]],
  Huisbezoek: [[0.75, 15], [1, 35], [1.5, 35], [2, 15]],
  Beeldbellen: [[0.5, 40], [0.75, 40], [1, 20]],
  'E-mail': [[0.25, 85], [0.5, 15]],
  Groepsgesprek: [[1, 20], [1.5, 40], [2, 30], [2.5, 10]],
};

/** Closure reasons: the standard category and the wordings caseworkers actually pick or type. */
export type ClosureCode =
  | 'goals_met'
  | 'referred'
  | 'client_stopped'
  | 'no_contact'
  | 'moved'
  | 'deceased'
  | 'other';

export const CLOSURE_WORDING: Readonly<Record<ClosureCode, readonly (readonly [string, number])[]>> = {
  goals_met: [
    ['Doelen bereikt', 60],
    ['Doel(en) behaald', 32],
    ['doelen bereikt', 8],
  ],
  referred: [
    ['Verwezen naar andere instantie', 55],
    ['Doorverwezen', 45],
  ],
  client_stopped: [
    ['Cliënt gestopt', 55],
    ['Client heeft hulp beëindigd', 45],
  ],
  no_contact: [
    ['Geen contact meer', 60],
    ['Uit beeld', 40],
  ],
  moved: [['Verhuisd', 1]],
  deceased: [['Overleden', 1]],
  other: [['Anders', 1]],
};

export const CLOSURE_WEIGHTS: readonly (readonly [ClosureCode, number])[] = [
  ['goals_met', 48],
  ['referred', 14],
  ['client_stopped', 11],
  ['no_contact', 13],
  ['moved', 3],
  ['deceased', 1],
  ['other', 10],
];
