// Name lists for the demo people: first names by generation and sex, surnames with their
// tussenvoegsel, as they occur in a Dutch city region today (Dutch, Moroccan, Turkish,
// Surinamese, Antillean, Polish, Syrian, Eritrean, …). Diacritics are kept where cp1252 can
// hold them (Zoë, Özdemir, Çelik, Horváth); names that need ı, ş, ğ or ć are written the way
// Dutch registers usually end up spelling them (Yilmaz, Dogan), because the exports are cp1252.

export interface Surname {
  /** 'van der', 'de', "in 't", … or '' */
  prefix: string;
  name: string;
}

/** Born 1995 and later. */
// biome-ignore format: a name table reads best as a table
const YOUNG_FEMALE = [
  'Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Zoë', 'Sara', 'Nora', 'Yara', 'Eva', 'Noor', 'Lotte',
  'Saar', 'Fleur', 'Lieke', 'Sanne', 'Anna', 'Loïs', 'Chloë', 'Anaïs', 'Inès', 'Fenna', 'Isa', 'Roos',
  'Amira', 'Aya', 'Hiba', 'Malak', 'Nour', 'Salma', 'Yasmina', 'Zeynep', 'Elif', 'Ecrin', 'Defne',
  'Shanice', 'Jaïra', 'Naomi', 'Sharon', 'Priya', 'Dewi', 'Maja', 'Zuzanna', 'Hanna', 'Selam', 'Joëlle',
];
// biome-ignore format: a name table reads best as a table
const YOUNG_MALE = [
  'Noah', 'Sem', 'Liam', 'Lucas', 'Daan', 'Finn', 'Levi', 'Luuk', 'Milan', 'Jesse', 'Bram', 'Thijs',
  'Sven', 'Ruben', 'Tygo', 'Stijn', 'Jayden', 'Kevin', 'Dylan', 'Noë', 'Björn', 'Adam', 'Mohammed',
  'Mohamed', 'Youssef', 'Ayoub', 'Bilal', 'Ilias', 'Rayan', 'Hamza', 'Emre', 'Yusuf', 'Mert', 'Ömer',
  'Efe', 'Jermaine', 'Quincy', 'Shaquille', 'Rishi', 'Jakub', 'Filip', 'Omar', 'Ahmad', 'Yonas', 'Luca',
];
/** Born 1960–1994. */
// biome-ignore format: a name table reads best as a table
const MIDDLE_FEMALE = [
  'Linda', 'Marieke', 'Sandra', 'Petra', 'Esther', 'Monique', 'Mirjam', 'Ingrid', 'Kim', 'Anouk',
  'Iris', 'Marloes', 'Wendy', 'Daphne', 'Renée', 'Hélène', 'Anne-Marie', 'Karin', 'Judith', 'Femke',
  'Fatima', 'Khadija', 'Samira', 'Naima', 'Hanane', 'Özlem', 'Gül', 'Ayla', 'Hatice', 'Meryem',
  'Sharda', 'Sunita', 'Gladys', 'Joyce', 'Agnieszka', 'Katarzyna', 'Rasha', 'Lina', 'Almaz', 'Chantal',
];
// biome-ignore format: a name table reads best as a table
const MIDDLE_MALE = [
  'Mark', 'Dennis', 'Erik', 'Martijn', 'Jeroen', 'Bas', 'Sander', 'Patrick', 'Marcel', 'Richard',
  'Gert-Jan', 'Jan-Willem', 'Arjan', 'Ronald', 'Remco', 'Michel', 'André', 'François', 'Jürgen', 'Sjoerd',
  'Mustafa', 'Abdelkader', 'Rachid', 'Karim', 'Said', 'Mehmet', 'Ahmet', 'Hüseyin', 'Gökhan', 'Ümit',
  'Ravi', 'Anil', 'Errol', 'Ricardo', 'Tomasz', 'Piotr', 'Dušan', 'Khaled', 'Tesfay', 'Kofi',
];
/** Born before 1960. */
// biome-ignore format: a name table reads best as a table
const OLD_FEMALE = [
  'Maria', 'Johanna', 'Cornelia', 'Wilhelmina', 'Geertruida', 'Hendrika', 'Ria', 'Annie', 'Greet',
  'Truus', 'Joke', 'Els', 'Marianne', 'Thea', 'Gerda', 'Tineke', 'Riet', 'Corrie', 'Margreet', 'Ineke',
  'Aïcha', 'Zohra', 'Fadma', 'Emine', 'Fatma', 'Ayse', 'Rosita', 'Sylvia', 'Hildegard', 'Dorothée',
];
// biome-ignore format: a name table reads best as a table
const OLD_MALE = [
  'Jan', 'Johannes', 'Cornelis', 'Hendrik', 'Gerrit', 'Kees', 'Piet', 'Henk', 'Wim', 'Cor', 'Ton',
  'Hans', 'Theo', 'Frans', 'Gerard', 'Bert', 'Joop', 'Dirk', 'Klaas', 'Willem', 'Ad', 'Rinus',
  'Mohamed', 'Ahmed', 'Abdellah', 'Hassan', 'Ali', 'Mehmet', 'Hasan', 'Ramon', 'Winston', 'Józef',
];

export type Sex = 'female' | 'male';

export function firstNames(birthYear: number, sex: Sex): readonly string[] {
  if (birthYear >= 1995) return sex === 'female' ? YOUNG_FEMALE : YOUNG_MALE;
  if (birthYear >= 1960) return sex === 'female' ? MIDDLE_FEMALE : MIDDLE_MALE;
  return sex === 'female' ? OLD_FEMALE : OLD_MALE;
}

/** Extra given names behind the roepnaam, for the Voorletters of people born before ~1990. */
export const SECOND_NAMES = ['Johannes', 'Maria', 'Cornelis', 'Hendrika', 'Petrus', 'Anna', 'Wilhelmus'];

const s = (prefix: string, name: string): Surname => ({ prefix, name });

/** Surnames with a rough weight: common Dutch names several times more often. */
// biome-ignore format: a name table reads best as a table
export const SURNAMES: readonly (readonly [Surname, number])[] = [
  [s('de', 'Jong'), 8], [s('', 'Jansen'), 8], [s('de', 'Vries'), 8], [s('van den', 'Berg'), 6],
  [s('van', 'Dijk'), 6], [s('', 'Bakker'), 6], [s('', 'Janssen'), 5], [s('', 'Visser'), 5],
  [s('', 'Smit'), 5], [s('', 'Meijer'), 5], [s('de', 'Boer'), 5], [s('', 'Mulder'), 4],
  [s('de', 'Groot'), 4], [s('', 'Bos'), 4], [s('', 'Vos'), 4], [s('', 'Peters'), 4],
  [s('', 'Hendriks'), 4], [s('van', 'Leeuwen'), 4], [s('', 'Dekker'), 4], [s('', 'Brouwer'), 3],
  [s('de', 'Wit'), 3], [s('', 'Dijkstra'), 3], [s('', 'Smits'), 3], [s('de', 'Graaf'), 3],
  [s('van der', 'Meer'), 3], [s('van der', 'Linden'), 3], [s('', 'Kok'), 3], [s('', 'Jacobs'), 3],
  [s('de', 'Haan'), 3], [s('', 'Vermeulen'), 3], [s('van den', 'Heuvel'), 3], [s('van der', 'Veen'), 3],
  [s('van den', 'Broek'), 3], [s('de', 'Bruijn'), 3], [s('van der', 'Heijden'), 3], [s('', 'Schouten'), 3],
  [s('van', 'Beek'), 2], [s('', 'Willems'), 2], [s('van', 'Vliet'), 2], [s('', 'Hoekstra'), 2],
  [s('', 'Maas'), 2], [s('', 'Verhoeven'), 2], [s('', 'Koster'), 2], [s('van', 'Dam'), 2],
  [s('van der', 'Wal'), 2], [s('', 'Prins'), 2], [s('', 'Blom'), 2], [s('', 'Huisman'), 2],
  [s("'t", 'Hart'), 1], [s('ter', 'Horst'), 1], [s('in ’t', 'Veld'), 1], [s("van 't", 'Hof'), 1],
  [s('van', 'Rooij'), 1], [s('', 'Kuijpers'), 1], [s('van', 'Wijk'), 1], [s('', 'Lamérus'), 1],
  [s('', 'Bouzid'), 3], [s('el', 'Amrani'), 3], [s('', 'Benali'), 3], [s('el', 'Idrissi'), 2],
  [s('', 'Azzouz'), 2], [s('', 'Bennani'), 2], [s('el', 'Khatib'), 2], [s('', 'Ouali'), 2],
  [s('', 'Aït Ben Ali'), 1], [s('', 'Boukhari'), 2], [s('', 'Chaouch'), 1], [s('', 'Ziani'), 2],
  [s('', 'Yilmaz'), 3], [s('', 'Kaya'), 3], [s('', 'Demir'), 3], [s('', 'Çelik'), 3],
  [s('', 'Özdemir'), 3], [s('', 'Öztürk'), 2], [s('', 'Aydin'), 2], [s('', 'Arslan'), 2],
  [s('', 'Dogan'), 2], [s('', 'Koç'), 1], [s('', 'Güler'), 1], [s('', 'Kiliç'), 1],
  [s('', 'Ramdin'), 2], [s('', 'Sewnath'), 1], [s('', 'Kromodimedjo'), 1], [s('', 'Pinas'), 2],
  [s('', 'Wijngaarde'), 1], [s('', 'Biharie'), 1], [s('', 'Jagesar'), 1], [s('', 'Martina'), 1],
  [s('', 'Rosario'), 1], [s('', 'Isenia'), 1], [s('', 'Nguyen'), 1], [s('', 'Tran'), 1],
  [s('', 'Müller'), 1], [s('', 'Schäfer'), 1], [s('', 'Lefèvre'), 1], [s('', 'Kowalski'), 1],
  [s('', 'Nowak'), 2], [s('', 'Kowalczyk'), 1], [s('', 'Popescu'), 1], [s('', 'Horváth'), 1],
  [s('', 'Šimek'), 1], [s('', 'Al-Hassan'), 1], [s('', 'Haddad'), 1], [s('', 'Khalil'), 1],
  [s('', 'Mansour'), 1], [s('da', 'Silva'), 1], [s('', 'Gonçalves'), 1], [s('', 'Fernández'), 1],
  [s('', 'García'), 1], [s('', 'Abdi'), 1], [s('', 'Hassan'), 1], [s('', 'Tesfamariam'), 1],
  [s('', 'Haile'), 1], [s('', 'Mensah'), 1],
];

/** Letters for the Voorletters of a name: 'Jan-Willem' → 'J.W.', 'Özlem' → 'Ö.' */
export function initialsOf(givenNames: readonly string[]): string {
  let out = '';
  for (const given of givenNames) {
    for (const part of given.split('-')) out += `${part.charAt(0).toUpperCase()}.`;
  }
  return out;
}

/** 'Zoë' → 'zoe', 'van der' → 'vander', for e-mail addresses. */
export function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
