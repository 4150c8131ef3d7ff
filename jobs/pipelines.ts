// Pipelines a schedule or a queued run may name. Jobs carry the name only; the worker that runs
// the job looks the definition up here, so a pipeline changes with the code, not in Redis.
import { UserError } from '../lib/errors.ts';
import { defaultPipeline } from '../pipelines/default.ts';
import type { PipelineDefinition } from '../pipelines/define-pipeline.ts';

const pipelines: Record<string, PipelineDefinition> = {
  [defaultPipeline.name]: defaultPipeline,
};

export const pipelineNames = Object.keys(pipelines);

export function pipelineNamed(name: string): PipelineDefinition {
  const pipeline = pipelines[name];
  if (!pipeline) {
    throw new UserError(`There is no pipeline '${name}'.`, `Known pipelines: ${pipelineNames.join(', ')}.`);
  }
  return pipeline;
}
