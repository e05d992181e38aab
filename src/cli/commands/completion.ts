/** `palisade completion bash|zsh|fish`: a completion script for the shell, generated from the program. */
import { Argument, Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../completion.js';

export function completionCommand(program: Command): Command {
  return new Command('completion')
    .description('print a shell completion script (see the README for how to enable it)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell: Shell) => {
      process.stdout.write(completionScript(program, shell));
    });
}
