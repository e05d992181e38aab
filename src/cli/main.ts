#!/usr/bin/env node
/** The `palisade` command. */
import { run } from './run.js';

await run('palisade');
