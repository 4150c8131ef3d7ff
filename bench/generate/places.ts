// Where the demo organisation works: seven municipalities of the Utrecht region with their
// real PC4 ranges, woonplaatsen and some street names, the teams that serve them, and the
// neighbourhoods where collective activities take place. Weights lean toward Utrecht, as the
// caseload of a regional welfare organisation does.

export interface Municipality {
  name: string;
  /** CBS code, for reference only (the exports carry names, as real ones do). */
  code: string;
  weight: number;
  /** Inclusive PC4 range. */
  pc4: readonly [number, number];
  /** Woonplaatsen with a weight; the first is the main town. */
  places: readonly (readonly [string, number])[];
  streets: readonly string[];
  /** Team for individual work in this municipality. */
  teams: readonly string[];
  /** Landline area code. */
  areaCode: string;
}

// biome-ignore format: a place table reads best as a table
export const MUNICIPALITIES: readonly Municipality[] = [
  {
    name: 'Utrecht',
    code: 'GM0344',
    weight: 55,
    pc4: [3451, 3585],
    places: [['Utrecht', 90], ['Vleuten', 4], ['De Meern', 6]],
    streets: [
      'Oudegracht', 'Amsterdamsestraatweg', 'Zambesidreef', 'Tigrisdreef', 'Marshalllaan', 'Columbuslaan',
      'Vleutenseweg', 'Biltstraat', 'Kanaalweg', 'Kardinaal de Jongweg', 'Ondiep-Zuidzijde', 'Händelstraat',
      'Cartesiusweg', 'Roerdompstraat', 'Rubenslaan', 'Paulus Potterstraat', 'Briljantlaan', 'Hoograven',
      'Vechtstraat', 'Kennedylaan', 'Parkwijklaan', 'Mereveldplein', 'Ravellaan', 'Prinses Irenelaan',
    ],
    teams: ['Team Noord', 'Team West', 'Team Zuid; Oost'],
    areaCode: '030',
  },
  {
    name: 'Nieuwegein',
    code: 'GM0356',
    weight: 12,
    pc4: [3430, 3439],
    places: [['Nieuwegein', 100]],
    streets: ['Zuidstedeweg', 'Galecopperlaan', 'Wiersdijk', 'Herenstraat', 'Lekboulevard', 'Batauplein'],
    teams: ['Team Zuid'],
    areaCode: '030',
  },
  {
    name: 'Houten',
    code: 'GM0321',
    weight: 7,
    pc4: [3990, 3997],
    places: [['Houten', 92], ['Schalkwijk', 5], ["'t Goy", 3]],
    streets: ['Het Rond', 'Onderdoor', 'Koppeling', 'Molenzoom', 'Loerikseweg', 'Hofstad'],
    teams: ['Team Oost'],
    areaCode: '030',
  },
  {
    name: 'Zeist',
    code: 'GM0355',
    weight: 10,
    pc4: [3700, 3709],
    places: [['Zeist', 88], ['Austerlitz', 4], ['Huis ter Heide', 8]],
    streets: ['Slotlaan', 'Utrechtseweg', 'Laan van Vollenhove', 'Crosestein', 'Montaubanstraat', 'Kroostweg'],
    teams: ['Team Oost'],
    areaCode: '030',
  },
  {
    name: 'IJsselstein',
    code: 'GM0353',
    weight: 5,
    pc4: [3400, 3404],
    places: [['IJsselstein', 100]],
    streets: ['Benschopperstraat', 'Poortdijk', 'Achtersloot', 'IJsselveld', 'Zenderpark', 'Eiteren'],
    teams: ['Team Zuid'],
    areaCode: '030',
  },
  {
    name: 'De Bilt',
    code: 'GM0310',
    weight: 6,
    pc4: [3720, 3739],
    places: [['Bilthoven', 55], ['De Bilt', 30], ['Maartensdijk', 10], ['Groenekan', 5]],
    streets: ['Hessenweg', 'Soestdijkseweg-Zuid', 'Dorpsstraat', 'Groenekanseweg', 'Jasmijnstraat', 'Planetenbaan'],
    teams: ['Team Noord'],
    areaCode: '030',
  },
  {
    name: 'Stichtse Vecht',
    code: 'GM1904',
    weight: 5,
    pc4: [3600, 3612],
    places: [['Maarssen', 60], ['Breukelen', 30], ['Loenen aan de Vecht', 10]],
    streets: ['Straatweg', 'Diependaalsedijk', 'Maarssenbroeksedijk', 'Kerkweg', 'Nieuwe Zijds', 'Bisonspoor'],
    teams: ['Team Noord'],
    areaCode: '0346',
  },
];

export const MUNICIPALITY_WEIGHTS = MUNICIPALITIES.map((m) => [m, m.weight] as const);

/** Postcode letter pairs PostNL never hands out. */
export const FORBIDDEN_LETTERS: ReadonlySet<string> = new Set(['SA', 'SD', 'SS']);

export const E_MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 30],
  ['hotmail.com', 22],
  ['outlook.com', 8],
  ['live.nl', 6],
  ['hotmail.nl', 6],
  ['ziggo.nl', 7],
  ['kpnmail.nl', 5],
  ['planet.nl', 3],
  ['icloud.com', 5],
  ['xs4all.nl', 2],
  ['upcmail.nl', 2],
];
