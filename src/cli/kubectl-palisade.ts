#!/usr/bin/env node
/**
 * The same command as a kubectl plugin. kubectl runs the executable
 * `kubectl-palisade` it finds on PATH for `kubectl palisade ...`, with the
 * words after `palisade`; help and usage lines then name the command the way
 * the user typed it. package.json installs this file under that name.
 */
import { run } from './run.js';

await run('kubectl palisade');
