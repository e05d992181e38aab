/** The `palisade` command tree, built apart from running it so completion scripts and tests can walk it. */
import { Command } from 'commander';
import { agentCommand } from './commands/agent.js';
import { auditCommand } from './commands/audit.js';
import { checkCommand } from './commands/check.js';
import { compileCommand } from './commands/compile.js';
import { convertCommand } from './commands/convert.js';
import { countersCommand } from './commands/counters.js';
import { completionCommand } from './commands/completion.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { getCommand } from './commands/get.js';
import { labCommand } from './commands/lab.js';
import { lintCommand } from './commands/lint.js';
import { matrixCommand } from './commands/matrix.js';
import { reachCommand } from './commands/reach.js';
import { uiCommand } from './commands/ui.js';
import { validateCommand } from './commands/validate.js';
import { PACKAGE_VERSION } from '../package-files.js';


/** `name` is the command as help and usage lines show it (`palisade`, or `kubectl palisade` for the kubectl plugin). */
export function buildProgram(name = 'palisade'): Command {
  const program = new Command(name)
    .description('Kubernetes NetworkPolicy: validate, decide and explain connections, enforce')
    .version(PACKAGE_VERSION)
    .exitOverride();
  const commands = [validateCommand(), getCommand(), checkCommand(), matrixCommand(), explainCommand(), reachCommand(), compileCommand(), labCommand(), agentCommand(), countersCommand(), diffCommand(), auditCommand(), lintCommand(), convertCommand(), uiCommand()];
  for (const command of [...commands, completionCommand(program)]) {
    // Subcommands report usage errors through the same path: exit 2.
    program.addCommand(command.copyInheritedSettings(program));
  }
  briefUsageAfterErrors(program);
  return program;
}

/** After a usage mistake, the command's one usage line and where to read more, not the whole help. */
function briefUsageAfterErrors(cmd: Command, path = cmd.name()): void {
  cmd.exitOverride().showHelpAfterError(`Usage: ${cmd.createHelp().commandUsage(cmd)}\nRun '${path} --help' for more.`);
  for (const sub of cmd.commands) briefUsageAfterErrors(sub, `${path} ${sub.name()}`);
}
