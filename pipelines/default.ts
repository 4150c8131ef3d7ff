// The default pipeline: every configured source, through every layer, published.
import { definePipeline } from './define-pipeline.ts';

export const defaultPipeline = definePipeline({
  name: 'default',
  sources: 'all',
  layers: ['staging', 'star', 'indicators'],
  publish: true,
});
