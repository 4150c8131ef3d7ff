// Progress for long work: a bar on a terminal (stderr), and structured progress lines in the
// log for schedulers and files. The pipeline reports; it does not care which one listens.
import type { Logger } from './logger.ts';

export interface Progress {
  step(name: string, total: number): void;
  tick(detail?: string): void;
  done(): void;
}

export const noProgress: Progress = { step() {}, tick() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let name = '';
  let total = 0;
  let n = 0;
  const width = 24;
  const draw = (detail = '') => {
    const filled = total ? Math.round((n / total) * width) : width;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const text = ` ${name.padEnd(10)} ${bar} ${n}/${total} ${detail}`;
    stream.write(`\r${text.slice(0, (stream.columns ?? 100) - 1).padEnd((stream.columns ?? 100) - 1)}`);
  };
  return {
    step(next, count) {
      name = next;
      total = count;
      n = 0;
      draw();
    },
    tick(detail) {
      n++;
      draw(detail);
    },
    done() {
      stream.write('\n');
    },
  };
}

export function logProgress(logger: Logger): Progress {
  let name = '';
  let total = 0;
  let n = 0;
  return {
    step(next, count) {
      name = next;
      total = count;
      n = 0;
    },
    tick(detail) {
      n++;
      logger.debug({ step: name, done: n, total, detail }, 'progress');
    },
    done() {},
  };
}

export function progressFor(logger: Logger, stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? terminalProgress(stream) : logProgress(logger);
}
