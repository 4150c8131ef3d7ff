// impact.yaml: the one file a data expert edits. Validated with zod so that a mistake is
// reported by its key ("sources[0].resources.contacts.files: required") instead of failing
// somewhere deep in a run. Relative paths are resolved against the config file's folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatOf } from '../sources/define-source.ts';
import { applyPresets } from '../sources/presets/presets.ts';
import { UserError } from './errors.ts';
import { parseSize } from './size.ts';

const size = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  const bytes = parseSize(value);
  if (bytes === undefined) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a size (write e.g. 100MB or 2GiB)` });
    return z.NEVER;
  }
  return bytes;
});

/** One canonical field filled from the export: a column name, or a spec with a format. */
const columnSpec = z.union([
  z.string().min(1),
  z.strictObject({
    column: z.string().min(1).optional(),
    value: z.union([z.string(), z.number()]).optional(),
    date: z.string().optional(),
    decimal: z.enum([',', '.']).optional(),
    multiply: z.number().optional(),
    values: z.record(z.string(), z.string()).optional(),
  }),
]);
export type ColumnSpec = z.infer<typeof columnSpec>;

const csvOptions = z.strictObject({
  delimiter: z.string().min(1).max(4).optional(),
  quote: z.string().max(1).optional(),
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'latin-1']).optional(),
  decimal: z.enum([',', '.']).optional(),
});

const resource = z.strictObject({
  entity: z.enum(['client', 'trajectory', 'contact', 'outcome_score', 'activity', 'budget', 'story']),
  files: z.string().min(1),
  format: z.enum(['csv', 'xlsx', 'json', 'jsonl']).optional(),
  csv: csvOptions.optional(),
  /** JSON: the dotted path of the list of records inside the document, e.g. data.items. */
  records: z.string().min(1).optional(),
  /** What a column the mapping does not name means: discard (ignore, but record it), evolve
   *  (record it and keep its values aside) or freeze (reject the file). */
  contract: z
    .strictObject({ new_columns: z.enum(['discard', 'evolve', 'freeze']).default('discard') })
    .prefault({}),
  sheets: z.union([z.literal('all'), z.literal('first'), z.array(z.string()).min(1)]).optional(),
  header_row: z.union([z.literal('auto'), z.number().int().positive()]).default('auto'),
  date_format: z.string().optional(),
  primary_key: z.array(z.string()).min(1).optional(),
  /** merge: the latest delivery of a record wins; replace-period: a delivery replaces what
   *  earlier deliveries said about the months it covers (records it leaves out are gone);
   *  append: every delivered row is a record of its own (events), no delivery replaces another. */
  write: z.enum(['merge', 'replace-period', 'append']).default('merge'),
  /** For exports that always hold the whole history: only rows whose field is above the highest
   *  value landed before (or initial_value, the first time) land; the rest count as skipped. */
  cursor: z
    .strictObject({ field: z.string().min(1), initial_value: z.union([z.string(), z.number()]).optional() })
    .optional(),
  /** The date that decides a record's month for replace-period: a field or its export column. */
  period: z.string().optional(),
  /** What a record's absence means. keep: an export is a delta, nothing is deleted;
   *  full-snapshot: the newest file is the complete set, records missing from it are deleted;
   *  flag-column: the field `deleted` (mapped to e.g. Verwijderd) marks a record deleted. */
  deletions: z.enum(['keep', 'full-snapshot', 'flag-column']).default('keep'),
  export_date: z
    .strictObject({ from_filename: z.string().optional(), value: z.string().optional() })
    .optional(),
  columns: z.record(z.string(), columnSpec),
  unpivot: z
    .strictObject({
      columns: z.array(z.string()).min(1),
      name_to: z.string().default('domain'),
      value_to: z.string().default('score'),
    })
    .optional(),
});
export type ResourceConfig = z.infer<typeof resource>;

/** The name of an environment variable that holds a secret; the secret itself never sits here. */
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'name an environment variable (e.g. REGICARE_TOKEN), not the secret itself');
/** Header names whose values are credentials: only { env: NAME } is accepted for them. */
const secretHeader = /^(authorization|proxy-authorization|cookie)$|key|token|secret|auth/i;

const httpLocation = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).optional(),
    urls: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .optional(),
    headers: z.record(z.string(), z.union([z.string(), z.strictObject({ env: envName })])).default({}),
    /** A CA certificate (PEM) to trust besides the system's, e.g. for an internal server. */
    ca_file: z.string().optional(),
    timeout_seconds: z.number().positive().default(60),
  })
  .superRefine((h, ctx) => {
    if (!h.url === !h.urls) ctx.addIssue({ code: 'custom', message: 'give url or urls (one of them)' });
    for (const [name, value] of Object.entries(h.headers)) {
      if (typeof value === 'string' && secretHeader.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: `a credential is never written in the config: use { env: NAME } and set NAME in the environment`,
        });
      }
    }
  });

const sftpLocation = z
  .strictObject({
    host: z.string().min(1),
    port: z.number().int().positive().default(22),
    username: z.string().min(1),
    /** The remote folder; each resource's files glob is matched below it. */
    path: z.string().min(1),
    password_env: envName.optional(),
    /** An environment variable holding the private key (OpenSSH/PEM text) or the path of its file. */
    private_key_env: envName.optional(),
    /** The server's host key fingerprint as `ssh-keygen -lf` prints it; always verified. */
    host_key: z
      .string()
      .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'write the fingerprint as ssh-keygen -lf prints it: SHA256:…'),
    timeout_seconds: z.number().positive().default(30),
  })
  .refine(
    (s) => !!s.password_env !== !!s.private_key_env,
    'give password_env or private_key_env (one of them)',
  );

const s3Location = z.strictObject({
  /** e.g. https://s3.eu-central-1.amazonaws.com or https://minio.example.org */
  endpoint: z.url({ protocol: /^https?$/ }),
  bucket: z.string().min(1),
  prefix: z.string().default(''),
  region: z.string().default('us-east-1'),
  access_key_env: envName,
  secret_key_env: envName,
  /** Bucket in the path (MinIO and most self-hosted servers) instead of in the host name. */
  force_path_style: z.boolean().default(false),
  ca_file: z.string().optional(),
  timeout_seconds: z.number().positive().default(60),
});

const location = z
  .strictObject({
    directory: z.string().min(1).optional(),
    http: httpLocation.optional(),
    sftp: sftpLocation.optional(),
    s3: s3Location.optional(),
  })
  .refine((l) => Object.keys(l).length === 1, 'give one location: directory, http, sftp or s3');

const source = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (it becomes part of table names)'),
  system: z.string().optional(),
  /** The preset (sources/presets/<name>.yaml, or a file) these resources were merged onto. */
  preset: z.string().optional(),
  location,
  defaults: z.strictObject({ csv: csvOptions.optional(), date_format: z.string().optional() }).optional(),
  resources: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _'),
    resource,
  ),
});
export type SourceConfig = z.infer<typeof source>;

const configSchema = z.strictObject({
  warehouse: z
    .strictObject({
      path: z.string().default('data/warehouse.duckdb'),
      memory_limit: z.string().default('4GB'),
      threads: z.number().int().positive().default(2),
      temp_directory: z.string().default('data/tmp'),
    })
    .prefault({}),
  data_dir: z.string().default('data'),
  publish: z
    .strictObject({
      dir: z.string().default('data/publish'),
      keep_versions: z.number().int().min(1).default(3),
      snapshot: z.string().default('data/analyst.duckdb'),
    })
    .prefault({}),
  /** Shown on reports and the dashboard. */
  organisation: z.strictObject({ name: z.string().min(1) }).optional(),
  timezone: z.string().default('Europe/Amsterdam'),
  /** A folder of ref_*.csv files that replace the shipped reference data of the same name. */
  reference: z.strictObject({ directory: z.string() }).optional(),
  /** A folder of the organisation's own data tests (assert_*.sql), run next to the shipped ones. */
  checks: z.strictObject({ directory: z.string() }).optional(),
  privacy: z
    .strictObject({
      pseudonym_key_env: z.string().default('IMPACT_PSEUDONYM_KEY'),
      allow_generated_key: z.boolean().default(false),
      min_cell: z.number().int().min(1).default(10),
      /** Link one person across systems through the keyed HMAC of the BSN (dim_client.person_pid).
       *  Off by default: linking is a processing decision the organisation makes under the AVG. */
      link_persons_by_bsn: z.boolean().default(false),
    })
    .prefault({}),
  limits: z
    .strictObject({
      spreadsheet_max_bytes: size.default(50_000_000),
      spreadsheet_max_rows: z.number().int().positive().default(1_000_000),
      spreadsheet_timeout_seconds: z.number().positive().default(120),
    })
    .prefault({}),
  sources: z.array(source).min(1, 'add at least one source'),
  /** Scheduled runs; validated in jobs/ (jobs/schedule-config.ts), which owns their shape. */
  schedules: z.array(z.unknown()).optional(),
});

/** A `bsn` column is refused unless linking is switched on, and only read where it is hashed in
 *  the very statement that lands it: a CSV (workbooks and JSON pass their cells through a work
 *  table first, where the number would sit in clear). */
const checkedSchema = configSchema.superRefine((cfg, ctx) => {
  cfg.sources.forEach((s, i) => {
    for (const [name, res] of Object.entries(s.resources)) {
      const spec = res.columns.bsn;
      if (spec === undefined) continue;
      const kind = res.format ?? formatOf(res.files);
      let message: string | undefined;
      if (!cfg.privacy.link_persons_by_bsn)
        message =
          'a BSN is only read when privacy.link_persons_by_bsn is true (off by default: linking persons across systems is a decision under the AVG); remove the bsn mapping or switch it on';
      else if (kind !== 'csv')
        message = `a BSN can only be linked from a CSV export, not ${kind} (there the number would pass through a work table in clear)`;
      else if (typeof spec !== 'string' && (spec.column === undefined || Object.keys(spec).length > 1))
        message = 'map the BSN to its column only: bsn: <column name in the export>';
      if (message)
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'resources', name, 'columns', 'bsn'], message });
    }
  });
});

type ParsedConfig = z.infer<typeof configSchema>;
export interface Config extends ParsedConfig {
  /** Absolute path of the file this config came from, and its folder. */
  file: string;
  dir: string;
}

export function loadConfig(file: string): Config {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new UserError(
      `No config file at ${path}.`,
      'Run `impact demo` to write a working example, or pass --config <file>.',
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseConfig(raw, path);
}

export function parseConfig(raw: unknown, file: string): Config {
  const result = checkedSchema.safeParse(applyPresets(raw ?? {}, dirname(file), file));
  if (!result.success) {
    const lines = result.error.issues.slice(0, 5).map(describeIssue);
    throw new UserError(`${file}: ${lines.join('; ')}`, 'Fix the key named above and run again.');
  }
  const dir = dirname(file);
  const cfg = result.data;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  return {
    ...cfg,
    file,
    dir,
    data_dir: abs(cfg.data_dir),
    warehouse: {
      ...cfg.warehouse,
      path: abs(cfg.warehouse.path),
      temp_directory: abs(cfg.warehouse.temp_directory),
    },
    publish: { ...cfg.publish, dir: abs(cfg.publish.dir), snapshot: abs(cfg.publish.snapshot) },
    reference: cfg.reference && { directory: abs(cfg.reference.directory) },
    checks: cfg.checks && { directory: abs(cfg.checks.directory) },
    sources: cfg.sources.map((s) => ({
      ...s,
      location: {
        directory: s.location.directory && abs(s.location.directory),
        sftp: s.location.sftp,
        s3: s.location.s3 && {
          ...s.location.s3,
          ca_file: s.location.s3.ca_file && abs(s.location.s3.ca_file),
        },
        http: s.location.http && {
          ...s.location.http,
          ca_file: s.location.http.ca_file && abs(s.location.http.ca_file),
        },
      },
    })),
  };
}

function keyPath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = keyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    // A secret written into impact.yaml ends up in backups, tickets and git: say where it belongs.
    const secret = issue.keys.some((k) => /key|secret|password|passwd|token|credential/i.test(k))
      ? ' (secrets never go in impact.yaml: put them in an environment variable and name that variable, e.g. privacy.pseudonym_key_env)'
      : '';
    return `${at ? `${at}: ` : ''}unknown key ${keys}${secret}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${at}: required`;
  return `${at || '(top level)'}: ${issue.message}`;
}
