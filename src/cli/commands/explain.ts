/** `palisade explain`: every policy target in plain language, or as a picture (`-o dot`, `-o mermaid`). */
import { Command, Option } from 'commander';
import { explainTargets } from '../../engine/explain-targets.js';
import { compileInputs, exitCodeFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { EXIT } from '../exit-codes.js';
import { formatExplanation } from '../format/explain.js';
import { explanationGraph } from '../format/explain-graph.js';
import { toDot, toMermaid } from '../format/graph-writer.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';

type Format = 'table' | 'json' | 'dot' | 'mermaid';

export function explainCommand(): Command {
  return withAnalysisOptions(new Command('explain'))
    .description('describe, for each group of pods the same policies select, what may reach them and what they may reach; policies that select no pod, from their selectors alone')
    .addOption(
      new Option('-o, --output <format>', 'output format: the explanation in words, as JSON, or as a graph (dot for Graphviz, mermaid for Markdown on GitHub)')
        .choices(['table', 'json', 'dot', 'mermaid'])
        .default('table'),
    )
    .action(async (opts: AnalysisOptions & { output: Format }) => {
      const { engine, ignored } = await compileInputs(opts);
      const endpoints = engine.endpoints().filter((e) => opts.namespace === undefined || e.namespace === opts.namespace);
      const policies = engine.allPolicies().filter((p) => opts.namespace === undefined || p.namespace === opts.namespace);
      const result = explainTargets(engine, endpoints, policies);
      const text = {
        table: () => formatExplanation(result),
        json: () => JSON.stringify({ ...result, ...ignoredPoliciesField(ignored) }, null, 2),
        dot: () => toDot(explanationGraph(result)),
        mermaid: () => toMermaid(explanationGraph(result)),
      }[opts.output];
      process.stdout.write(text() + '\n');
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
}
