// `impact indicators`: every indicator with its definition, read from the header of its SQL
// file — the same text that is the table's comment in the warehouse, so there is one source.
import { layerModels } from '../../pipelines/steps/transform.ts';

export function printIndicators(o: { name?: string }) {
  const models = layerModels('indicators').filter((m) => !o.name || m.name === o.name);
  if (!models.length) {
    const names = layerModels('indicators').map((m) => m.name);
    console.log(`No indicator called ${o.name}. There are: ${names.join(', ')}.`);
    process.exitCode = 1;
    return;
  }
  for (const m of models) {
    console.log(`${m.name}\n${'─'.repeat(m.name.length)}\n${m.header.replace(/^[a-z_]+ — /, '')}\n`);
  }
}
