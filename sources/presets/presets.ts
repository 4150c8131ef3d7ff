// Presets: the resources (and defaults) of export shapes we know — a RegiCare-like registration
// system, a debt-help case system, a wide ZRM score sheet, an attendance workbook, budgets,
// stories — written exactly as a data expert would write them in impact.yaml, one YAML file
// each in this folder. A source says `preset: <name>` (or the path of its own preset file) and
// then only writes what differs: its own keys win, key by key, and `null` leaves a preset key
// out. The merge happens before validation, so a mistake is still reported by its config key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../lib/errors.ts';

const presetDir = import.meta.dirname;
/** What a preset may hold: the parts of a source that describe the export's shape, not where it is. */
const presetKeys = ['system', 'defaults', 'resources'];

export interface Preset {
  name: string;
  file: string;
  /** The first line of the file's leading comment. */
  summary: string;
  /** The file as written, comments included: what `impact presets show` prints to copy. */
  text: string;
  value: Record<string, unknown>;
}

/** The shipped presets, by name. */
export function presetNames(): string[] {
  return readdirSync(presetDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** A shipped preset by name, or an organisation's own preset file (a path, relative to configDir). */
export function readPreset(ref: string, configDir = process.cwd()): Preset {
  const isPath = /[/\\]|\.ya?ml$/.test(ref);
  const file = isPath ? (isAbsolute(ref) ? ref : resolve(configDir, ref)) : join(presetDir, `${ref}.yaml`);
  if (!existsSync(file)) {
    throw new UserError(
      isPath ? `There is no preset file at ${file}.` : `There is no preset '${ref}'.`,
      `Use one of ${presetNames().join(', ')} (\`impact presets\` lists them), or the path of your own preset file.`,
    );
  }
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new UserError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isObject(value) || !isObject(value.resources)) {
    throw new UserError(`${file}: a preset needs resources:.`, 'Write the resources as in impact.yaml.');
  }
  const stray = Object.keys(value).filter((k) => !presetKeys.includes(k));
  if (stray.length) {
    throw new UserError(
      `${file}: unknown key ${stray.map((k) => `'${k}'`).join(', ')} in a preset.`,
      `A preset holds only ${presetKeys.join(', ')}; the name and location belong to the source in impact.yaml.`,
    );
  }
  const summary = /^#\s*(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  return { name: isPath ? file : ref, file, summary, text, value };
}

/** impact.yaml as parsed, with every `preset:` source merged onto its preset. */
export function applyPresets(raw: unknown, configDir: string, configFile: string): unknown {
  if (!isObject(raw) || !Array.isArray(raw.sources)) return raw;
  return {
    ...raw,
    sources: raw.sources.map((source: unknown, i) => {
      if (!isObject(source) || source.preset === undefined) return source;
      if (typeof source.preset !== 'string' || source.preset === '') {
        throw new UserError(
          `${configFile}: sources[${i}].preset: write the name of a preset, e.g. preset: regicare.`,
        );
      }
      let preset: Preset;
      try {
        preset = readPreset(source.preset, configDir);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(`${configFile}: sources[${i}].preset: ${err.message}`, err.hint);
      }
      return mergePreset(preset.value, source);
    }),
  };
}

/**
 * The source's own keys win. Objects merge key by key (a resource, its columns, its csv options);
 * anything else — a column name, a list of sheets or domains — is replaced whole. An own `null`
 * removes the preset's key: `referrer: null` under columns, or a whole resource the export lacks.
 */
export function mergePreset(preset: unknown, own: unknown): unknown {
  if (!isObject(own)) return own === undefined ? preset : own;
  const out: Record<string, unknown> = isObject(preset) ? { ...preset } : {};
  for (const [key, value] of Object.entries(own)) {
    if (value === null) delete out[key];
    else out[key] = mergePreset(out[key], value);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
