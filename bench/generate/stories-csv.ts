// Stories ("tellen én vertellen"): the short accounts workers write down next to the numbers,
// as a team keeps them in a CSV. They name no one (that is how organisations collect them for
// publication); some lack the client's consent and must never be published. A story's text
// may span lines and contain ';', so it is quoted as a real export would.
import { CsvFile } from './csv-file.ts';
import { dutchDay } from './dates.ts';
import { MUNICIPALITIES } from './places.ts';
import type { Plan } from './plan.ts';
import { Rng } from './random.ts';

export const STORIES_PATH = 'verhalen/verhalen.csv';
const STREAM_STORIES = 7;

const templates: readonly (readonly [string, string, string, string])[] = [
  [
    'Schuldhulpverlening',
    'Weer overzicht',
    'Toen mevrouw bij ons kwam, lagen de ongeopende brieven in een doos onder het bed. Samen hebben we alles gesorteerd; na vier maanden is er een betalingsregeling met alle schuldeisers.\r\nZe zegt: "Ik slaap weer."',
    'Financiën;Geestelijke gezondheid',
  ],
  [
    'Algemeen maatschappelijk werk',
    'Een eigen plek',
    'Na maanden bij vrienden op de bank heeft meneer via de woningcorporatie een kamer gekregen. Hij heeft nu een vast adres, en daarmee ook weer een uitkering.',
    'Huisvesting;Financiën',
  ],
  [
    'Jongerenwerk',
    'Van de straat naar de opleiding',
    'Een jongen die vooral op het plein hing, doet nu een entreeopleiding. Het begon met voetbal op woensdag; daarna kwamen de gesprekken over school vanzelf.',
    'Werk & opleiding;Tijdsbesteding',
  ],
  [
    'Mantelzorgondersteuning',
    'Even lucht',
    'Een mantelzorger die al jaren voor haar man zorgt, heeft nu twee dagdelen per week respijtzorg. "Ik ben weer even mezelf", vertelde ze bij de evaluatie.',
    'Sociaal netwerk;Geestelijke gezondheid',
  ],
  [
    'Schoolmaatschappelijk werk',
    'Weer naar school',
    'Een leerling met veel verzuim gaat weer elke dag. De school, de ouders en wij spraken af wie wat doet; het rooster is aangepast.',
    'Werk & opleiding;Huiselijke relaties',
  ],
  [
    'Buurtwerk',
    'Het taalcafé',
    'Wat begon met vier buurtbewoners is nu een vaste ochtend met twintig deelnemers en drie vrijwilligers. Mensen helpen elkaar met brieven van de gemeente.',
    'Maatschappelijke participatie;Sociaal netwerk',
  ],
];

export async function writeStories(plan: Plan): Promise<{ path: string; rows: number }> {
  const rng = Rng.for(plan.seed, 0, STREAM_STORIES);
  const file = await CsvFile.create(`${plan.dir}/${STORIES_PATH}`);
  file.record(['Datum', 'Werksoort', 'Gemeente', 'Titel', 'Verhaal', 'Toestemming cliënt', 'Domeinen']);
  const count = Math.max(6, Math.min(200, Math.round(plan.clients / 50)));
  for (let i = 0; i < count; i++) {
    const [service, title, text, domains] = templates[i % templates.length]!;
    const municipality = rng.weighted(MUNICIPALITIES.map((m) => [m.name, m.weight] as const));
    const day = rng.int(plan.from, plan.to);
    file.record([dutchDay(day), service, municipality, title, text, rng.chance(0.8) ? 'Ja' : 'Nee', domains]);
    file.rows++;
  }
  await file.close();
  return { path: STORIES_PATH, rows: file.rows };
}
