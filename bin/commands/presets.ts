// `impact presets`: the export shapes we ship a configuration for. Without a name, one line per
// preset; with a name, the preset file itself, comments included, ready to copy into impact.yaml.
import { presetNames, readPreset } from '../../sources/presets/presets.ts';

export function printPresets(o: { name?: string }) {
  if (o.name) {
    const preset = readPreset(o.name);
    console.log(`# In impact.yaml: a source with \`preset: ${preset.name}\` gets what follows;`);
    console.log('# write only what differs under the source (its own keys win, null leaves one out).\n');
    console.log(preset.text.trimEnd());
    return;
  }
  const presets = presetNames().map((name) => readPreset(name));
  const width = Math.max(...presets.map((p) => p.name.length));
  for (const p of presets) console.log(`${p.name.padEnd(width)}  ${p.summary.replace(/^\S+ — /, '')}`);
  console.log('\nShow one with `impact presets <name>`; use it with `preset: <name>` on a source.');
}
