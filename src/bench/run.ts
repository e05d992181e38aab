/** `npm run bench`: prints figures and ratios; benchmarks are not tests and never fail on a target. */
import { cpus } from 'node:os';
import { benchDataplane } from './dataplane.js';
import { benchDiff } from './diff.js';
import { benchEngine } from './engine.js';
import { benchReadValidate } from './read-validate.js';

console.log(`palisade benchmarks: node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
benchReadValidate();
benchEngine();
benchDataplane();
benchDiff();
