/**
 * `npm run bench [-- SECTION...]`: prints figures and ratios; benchmarks are
 * not tests and never fail on a target. Naming sections runs only those, as
 * the whole run takes minutes.
 */
import { cpus } from 'node:os';
import { benchClusterNetworkPolicies } from './cluster-network-policy.js';
import { benchDataplane } from './dataplane.js';
import { benchDiff } from './diff.js';
import { benchEngine } from './engine.js';
import { benchLive } from './live.js';
import { benchReadValidate } from './read-validate.js';
import { benchUi } from './ui.js';

const SECTIONS: Record<string, () => void> = {
  'read-validate': benchReadValidate,
  engine: benchEngine,
  dataplane: benchDataplane,
  'cluster-network-policy': benchClusterNetworkPolicies,
  diff: benchDiff,
  live: benchLive,
  ui: benchUi,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !Object.hasOwn(SECTIONS, s));
if (unknown.length > 0) {
  console.error(`unknown benchmark section ${unknown.join(', ')}: the sections are ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
console.log(`palisade benchmarks: node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
for (const [name, bench] of Object.entries(SECTIONS)) if (asked.length === 0 || asked.includes(name)) bench();
