/** `palisade counters`: what the node ruleset's counters counted, read from this node's kernel. */
import { Command, Option } from 'commander';
import { readCounters, type KernelCounter } from '../../agent/nft.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { formatTable } from '../format/table.js';

interface CountersOptions {
  output: 'table' | 'json';
  all: boolean;
}

export function countersCommand(): Command {
  return new Command('counters')
    .description("show what the node ruleset's counters counted on this node: packets and bytes per policy rule, and per pod the packets dropped because no rule allowed them (reads the kernel: run it where the agent runs, with nft's rights)")
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--all', 'also the counters that counted nothing', false)
    .action(async (opts: CountersOptions) => {
      let counters: KernelCounter[];
      try {
        counters = await readCounters();
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new UsageError(`cannot read the counters of table inet palisade with nft: ${(err.stderr || err.message).trim()}`);
      }
      const shown = counters.filter((c) => opts.all || c.packets > 0).sort((a, b) => b.packets - a.packets || b.bytes - a.bytes || a.comment.localeCompare(b.comment));
      if (opts.output === 'json') {
        process.stdout.write(JSON.stringify({ counters: shown.map(({ comment, packets, bytes, name }) => ({ counts: comment, packets, bytes, name })) }, null, 2) + '\n');
      } else if (counters.length === 0) {
        process.stderr.write('palisade: no counters: this node has no palisade table (is the agent running here?)\n');
      } else {
        const rows = shown.map((c) => [String(c.packets), String(c.bytes), c.comment]);
        process.stdout.write(formatTable(['PACKETS', 'BYTES', 'COUNTS'], rows) + '\n');
        const quiet = counters.length - shown.length;
        if (quiet > 0) process.stderr.write(`palisade: ${quiet} counter(s) counted nothing (--all shows them)\n`);
      }
      process.exitCode = EXIT.ok;
    });
}
