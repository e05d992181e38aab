#!/usr/bin/env node
/** The `palisade` command. */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { agentCommand } from './commands/agent.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { getCommand } from './commands/get.js';
import { labCommand } from './commands/lab.js';
import { lintCommand } from './commands/lint.js';
import { matrixCommand } from './commands/matrix.js';
import { reachCommand } from './commands/reach.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, UsageError } from './exit-codes.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('palisade')
  .description('Kubernetes NetworkPolicy: validate, decide and explain connections, enforce')
  .version(version)
  .showHelpAfterError()
  .exitOverride();
for (const command of [validateCommand(), getCommand(), checkCommand(), matrixCommand(), explainCommand(), reachCommand(), compileCommand(), labCommand(), agentCommand(), diffCommand(), auditCommand(), lintCommand()]) {
  // Subcommands report usage errors through the same path: exit 2.
  program.addCommand(command.copyInheritedSettings(program));
}

try {
  await program.parseAsync(process.argv);
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
