/** Runs the command line: exit codes, closed pipes and internal errors, whichever name the command was run by. */
import { CommanderError } from 'commander';
import { EXIT, UsageError } from './exit-codes.js';
import { buildProgram } from './program.js';

/** `name` is what help and usage lines call the command: `palisade`, or `kubectl palisade` when kubectl runs the plugin. */
export async function run(name: string): Promise<void> {
  // A reader that stops early (`palisade matrix ... | head -1`) closes the pipe:
  // stop quietly with the status a Unix tool killed by SIGPIPE has (Node ignores
  // the signal, so the write fails with EPIPE instead).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT.brokenPipe);
      if (stream !== process.stderr) process.stderr.write(`palisade: cannot write the output: ${e.message}\n`);
      process.exit(EXIT.usage);
    });
  }

  try {
    await buildProgram(name).parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version exit 0; every usage mistake exits 2, as documented.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (e instanceof UsageError) {
      process.stderr.write(`palisade: ${e.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`palisade: internal error, please report it with the input that caused it:\n${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  }
}
