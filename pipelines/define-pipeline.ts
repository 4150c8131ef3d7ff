// A pipeline says which sources to load and which layers to build, in order. `impact run` and
// the scheduled jobs both run a pipeline through runPipeline(); neither knows about the other.
import type { Layer } from './steps/transform.ts';

export interface PipelineDefinition {
  name: string;
  /** Source names from impact.yaml, or 'all'. */
  sources: 'all' | string[];
  layers: Layer[];
  publish: boolean;
}

export const definePipeline = (p: PipelineDefinition) => p;
