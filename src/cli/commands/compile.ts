/** `palisade compile`: the nftables ruleset that enforces the policies on one node. */
import { Command, Option } from 'commander';
import { rulesetText } from '../../dataplane/nft-text.js';
import { compileRuleset } from '../../dataplane/ruleset.js';
import { knownNodesHint } from '../../engine/suggestions.js';
import { compileInputs, exitCodeFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';
import { EXIT } from '../exit-codes.js';
import { color } from '../format/color.js';

export function compileCommand(): Command {
  return withAnalysisOptions(new Command('compile'))
    .description('print the nftables ruleset enforcing the policies for the pods of one node (or all pods)')
    .option('--node <name>', 'only pods with this spec.nodeName (default: every pod)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['nft', 'json']).default('nft'))
    .action(async (opts: AnalysisOptions & { node?: string; output: 'nft' | 'json' }) => {
      const { engine, withAudit, ignored } = await compileInputs({ ...opts, audit: 'watch' });
      if (opts.node !== undefined && !engine.nodes().includes(opts.node)) {
        process.stderr.write(`${color.yellow('palisade: warning:')} no pod in the input runs on node ${opts.node} (spec.nodeName): this ruleset enforces nothing; ${knownNodesHint(opts.node, engine.nodes())}\n`);
      }
      const ruleset = compileRuleset(engine, opts.node ?? null, { ...(withAudit !== engine ? { audit: withAudit } : {}) });
      for (const s of ruleset.skipped) process.stderr.write(`palisade: note: ${s.ref} is not enforced: ${s.reason}\n`);
      process.stdout.write(opts.output === 'json' ? JSON.stringify({ ...ruleset, ...ignoredPoliciesField(ignored) }, null, 2) + '\n' : rulesetText(ruleset));
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
}
