// The pseudonymisation key. It comes from an environment variable (named in impact.yaml), never
// from the config file and never into a log. For the demo only, a random key may be generated
// once into the data folder (mode 600), so `npm start` works on a fresh machine.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { UserError } from './errors.ts';

const minimumLength = 16;

export interface KeySource {
  key: Buffer;
  origin: 'environment' | 'generated file';
  file?: string;
}

export function pseudonymKey(cfg: Config): KeySource {
  const name = cfg.privacy.pseudonym_key_env;
  const fromEnv = process.env[name];
  if (fromEnv) {
    if (fromEnv.length < minimumLength) {
      throw new UserError(
        `The pseudonymisation key in ${name} is too short (${fromEnv.length} characters).`,
        `Use at least ${minimumLength} random characters, e.g. the output of \`openssl rand -hex 32\`.`,
      );
    }
    return { key: Buffer.from(fromEnv, 'utf8'), origin: 'environment' };
  }
  if (!cfg.privacy.allow_generated_key) {
    throw new UserError(
      `The environment variable ${name} with the pseudonymisation key is not set.`,
      `Set it (e.g. \`export ${name}=$(openssl rand -hex 32)\`) and keep it: another key gives every client another pseudonym.`,
    );
  }
  const dir = join(cfg.data_dir, 'secrets');
  const file = join(dir, 'pseudonym.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return { key: Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8'), origin: 'generated file', file };
}

/** A location's credential from the environment variable impact.yaml names for it. */
export function secretFromEnv(env: string, source: string, usedFor?: string): string {
  const value = process.env[env];
  if (!value) {
    throw new UserError(
      `${source}: the environment variable ${env}${usedFor ? ` (${usedFor})` : ''} is not set.`,
      `Set ${env} in the environment of impact and its workers; secrets never go in impact.yaml.`,
    );
  }
  return value;
}
