// The canonical entities of DESIGN.md §4: every export, however it names its columns, is mapped
// onto these fields. The types decide how a raw cell is parsed at land; `required` fields that
// are empty send the row to quarantine. Direct identifiers (names, addresses, phone, e-mail)
// are deliberately absent: a column that is not mapped here never enters the warehouse. The one
// exception is the client's `bsn`, and only its keyed HMAC lands (type 'bsn', into person_pid),
// for linking one person across systems when privacy.link_persons_by_bsn is switched on.

export type FieldType = 'text' | 'date' | 'integer' | 'number' | 'bsn';

export interface FieldDef {
  type: FieldType;
  required?: boolean;
  description: string;
  /** The land column the field's value is written to, when it is not the field's own name. */
  landColumn?: string;
}

export type EntityName =
  | 'client'
  | 'trajectory'
  | 'contact'
  | 'outcome_score'
  | 'activity'
  | 'budget'
  | 'story';

export const entities: Record<EntityName, Record<string, FieldDef>> = {
  client: {
    source_client_id: { type: 'text', required: true, description: 'client number in the source system' },
    birth_date: { type: 'date', description: 'date of birth; only the year is kept after staging' },
    birth_year: { type: 'integer', description: 'year of birth, when the export has no full date' },
    gender: { type: 'text', description: 'gender as exported (man/vrouw/x/onbekend)' },
    postcode: { type: 'text', description: 'postcode; only the 4 digits (pc4) are kept after staging' },
    municipality_code: { type: 'text', description: 'municipality of residence: CBS code (GM0344) or name' },
    registered_on: { type: 'date', description: 'date the client was registered' },
    bsn: {
      type: 'bsn',
      landColumn: 'person_pid',
      description:
        'BSN, only with privacy.link_persons_by_bsn: true; lands as its keyed HMAC (person_pid), never as the number',
    },
  },
  trajectory: {
    source_trajectory_id: {
      type: 'text',
      required: true,
      description: 'trajectory number in the source system',
    },
    source_client_id: { type: 'text', required: true, description: 'client number in the source system' },
    service_code: { type: 'text', required: true, description: 'service (werksoort): code or name' },
    municipality_code: { type: 'text', description: 'commissioning municipality: CBS code or name' },
    team: { type: 'text', description: 'team that carries out the trajectory' },
    start_date: { type: 'date', required: true, description: 'start of the trajectory' },
    end_date: { type: 'date', description: 'end of the trajectory; empty while it runs' },
    closure_reason: {
      type: 'text',
      description: 'reason of closure as exported (mapped to the standard set)',
    },
    referrer: { type: 'text', description: 'who referred the client' },
    deleted: {
      type: 'text',
      description: 'marks a deleted record (deletions: flag-column): ja/nee, yes/no, 1/0, x',
    },
  },
  contact: {
    source_contact_id: { type: 'text', required: true, description: 'contact number in the source system' },
    source_client_id: { type: 'text', required: true, description: 'client number in the source system' },
    source_trajectory_id: { type: 'text', description: 'trajectory number; may be empty' },
    service_code: { type: 'text', description: 'service (werksoort): code or name' },
    contact_date: { type: 'date', required: true, description: 'date of the contact' },
    duration_min: { type: 'number', description: 'duration in minutes' },
    contact_type: { type: 'text', description: 'kind of contact (face-to-face, phone, …)' },
    deleted: {
      type: 'text',
      description: 'marks a deleted record (deletions: flag-column): ja/nee, yes/no, 1/0, x',
    },
  },
  outcome_score: {
    source_client_id: { type: 'text', required: true, description: 'client number in the source system' },
    source_trajectory_id: { type: 'text', description: 'trajectory number, when the sheet has one' },
    instrument: {
      type: 'text',
      required: true,
      description: 'instrument: zrm, positive_health, outcomes_star, …',
    },
    domain: { type: 'text', required: true, description: 'domain of the instrument (code or label)' },
    measured_on: { type: 'date', required: true, description: 'date of the measurement' },
    score: { type: 'number', description: 'the score; blank or n.v.t. is no measurement' },
    moment: { type: 'text', description: 'intake, progress, evaluation or exit' },
    deleted: {
      type: 'text',
      description: 'marks a deleted record (deletions: flag-column): ja/nee, yes/no, 1/0, x',
    },
  },
  activity: {
    activity_date: { type: 'date', required: true, description: 'date of the session' },
    service_code: { type: 'text', required: true, description: 'service (werksoort): code or name' },
    activity_name: { type: 'text', required: true, description: 'name of the activity' },
    municipality_code: { type: 'text', description: 'municipality: CBS code or name' },
    neighbourhood: { type: 'text', description: 'neighbourhood (wijk)' },
    team: { type: 'text', description: 'team that runs the activity' },
    participants: { type: 'integer', description: 'headcount of participants' },
    volunteers: { type: 'integer', description: 'number of volunteers' },
    volunteer_hours: { type: 'number', description: 'hours given by volunteers' },
    deleted: {
      type: 'text',
      description: 'marks a deleted record (deletions: flag-column): ja/nee, yes/no, 1/0, x',
    },
  },
  budget: {
    year: { type: 'integer', required: true, description: 'budget year' },
    municipality_code: { type: 'text', required: true, description: 'municipality: CBS code or name' },
    service_code: { type: 'text', required: true, description: 'service (werksoort): code or name' },
    cost_eur: { type: 'number', required: true, description: 'cost in euro' },
  },
  story: {
    story_date: { type: 'date', required: true, description: 'date of the story' },
    service_code: { type: 'text', required: true, description: 'service (werksoort): code or name' },
    municipality_code: { type: 'text', description: 'municipality: CBS code or name' },
    title: { type: 'text', required: true, description: 'title of the story' },
    text: { type: 'text', required: true, description: 'the story, written so that it names no one' },
    consent: { type: 'text', description: 'the client agreed to publication: ja/nee, yes/no, 1/0' },
    domains: { type: 'text', description: 'outcome domains the story is about, separated by ; or ,' },
  },
};

/** Land tables are named after the entity: land.contact, land.outcome_score, … */
export function landTable(entity: EntityName): string {
  return `land.${entity}`;
}
