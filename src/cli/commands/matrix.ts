/**
 * `palisade matrix`: the truth table of every source and destination on each
 * port. Pod by pod for a handful of endpoints; grouped by identity (pods no
 * policy can tell apart) for large clusters. Or, with `-o list…`, the allowed
 * connections one per line, every port merged into ranges; with `-o dot`
 * or `-o mermaid`, the same connections as a graph.
 */
import { stripVTControlCharacters } from 'node:util';
import { Command, Option } from 'commander';
import { describeGroup, keepChanges, type ConnectivityChange, type Group } from '../../analysis/diff.js';
import { connectionList, type Connection } from '../../engine/connections.js';
import type { Engine } from '../../engine/engine.js';
import { portQueryText } from '../../engine/ports.js';
import { POD_LEVEL_LIMIT, truthTable, type TruthTable } from '../../engine/truth-table.js';
import type { PodEndpoint } from '../../engine/types.js';
import { orList } from '../../model/list-text.js';
import { auditComparison, compileInputs, exitCodeFor, portsFor, withAnalysisOptions, withAuditOption, type AnalysisOptions } from '../analysis-inputs.js';
import { endpointArg } from '../endpoint-args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { color } from '../format/color.js';
import { auditDiffText, diffJson, type Comparison } from '../format/diff.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';
import { connectionsGraph } from '../format/graph.js';
import { toDot, toMermaid } from '../format/graph-writer.js';
import { formatTable } from '../format/table.js';

type Format = 'table' | 'json' | 'csv' | 'markdown';
const LIST_FORMATS = { list: 'text', 'list-json': 'json', 'list-csv': 'csv', 'list-markdown': 'markdown', dot: 'dot', mermaid: 'mermaid' } as const;
type ListFormat = keyof typeof LIST_FORMATS;
type Grouping = 'auto' | 'pod' | 'identity';

interface MatrixOptions extends AnalysisOptions {
  output: Format | ListFormat;
  ports?: string;
  groupBy: Grouping;
  focus?: string;
}

/** The formats with a place for what enforcing the audited policies would change: a JSON field, or a section after the answer. */
const AUDIT_FORMATS: readonly MatrixOptions['output'][] = ['table', 'json', 'markdown', 'list', 'list-markdown'];

export function matrixCommand(): Command {
  return withAuditOption(withAnalysisOptions(new Command('matrix')))
    .description('print the truth table: which source may reach which destination, per port')
    .option('--ports <list>', 'ports to tabulate, e.g. 80/TCP,53/UDP (default: the ports the policies and pods name)')
    .addOption(new Option('--group-by <how>', 'rows and columns: one per pod, or one per identity (pods no policy tells apart)').choices(['auto', 'pod', 'identity']).default('auto'))
    .addOption(
      new Option('-o, --output <format>', 'output format: the truth table, the allowed connections one per line (list, list-json, list-csv, list-markdown), or as a graph (dot for Graphviz, mermaid for Markdown on GitHub)')
        .choices(['table', 'json', 'csv', 'markdown', ...Object.keys(LIST_FORMATS)])
        .default('table'),
    )
    .option('--focus <ENDPOINT>', 'with -o list…: only connections from or to this pod (NAMESPACE/NAME), workload (NAMESPACE/KIND/NAME) or NAME in -n NAMESPACE (default: default)')
    .action(async (opts: MatrixOptions) => {
      if (opts.includeAudit && !AUDIT_FORMATS.includes(opts.output)) {
        throw new UsageError(`--include-audit: -o ${opts.output} has no place for what enforcing the audited policies would change; use -o ${orList(AUDIT_FORMATS)}`);
      }
      const { engine, withAudit, ignored } = await compileInputs(opts);
      const endpoints = engine.endpoints().filter((e) => opts.namespace === undefined || e.namespace === opts.namespace);
      const focus = focusArg(engine, opts);
      const audit = withAudit && shownAudit(auditComparison(engine, withAudit, 'enforced', opts.ports), opts.namespace, focus);
      if (isList(opts.output)) {
        process.stdout.write(renderList(connectionList(engine, endpoints, focus ? { focus } : {}), LIST_FORMATS[opts.output], ignoredPoliciesField(ignored)));
      } else {
        const ports = portsFor(opts.ports, engine, endpoints);
        const table = truthTable(engine, endpoints, ports);
        const grouped = opts.groupBy === 'identity' || (opts.groupBy === 'auto' && endpoints.length > POD_LEVEL_LIMIT);
        const grid = grouped ? groupGrid(engine, table) : podGrid(table);
        // JSON carries the audit comparison as a field; the other formats print it after the answer.
        const text = render(grid, opts.output, { ...ignoredPoliciesField(ignored), ...(audit ? { audit: diffJson(audit) } : {}) });
        process.stdout.write(text + '\n');
        if (opts.output === 'table' || opts.output === 'markdown') warnIfWide(text, grid.labels.length, grouped);
      }
      if (audit && opts.output !== 'json') process.stdout.write(`\n${auditDiffText(opts.output.endsWith('markdown') ? 'markdown' : 'table', audit)}\n`);
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
}

/** --focus, and the options only some formats take: lists keep one endpoint's connections, and hold every port. */
function focusArg(engine: Engine, opts: MatrixOptions): PodEndpoint | undefined {
  if (!isList(opts.output)) {
    if (opts.focus !== undefined) throw new UsageError('--focus: keeps the connections of one endpoint in a list; use it with -o list, list-json, list-csv, list-markdown, dot or mermaid');
    return undefined;
  }
  if (opts.ports !== undefined) throw new UsageError(`--ports: -o ${opts.output} lists every port; --ports is for the truth table (-o table|json|csv|markdown)`);
  if (opts.focus === undefined) return undefined;
  const focus = endpointArg(engine, opts.focus, '--focus', opts.namespace);
  if (focus.kind === 'external') throw new UsageError(`--focus "${opts.focus}" is an address outside the cluster: focus on a pod or workload`);
  return focus;
}

/** The audit comparison of what the matrix shows: -n's namespace (and addresses outside), --focus's connections. */
function shownAudit(audit: Comparison, namespace: string | undefined, focus: PodEndpoint | undefined): Comparison {
  const shown = (g: Group) => namespace === undefined || g.namespace === namespace || g.namespace === '';
  const focused = (c: ConnectivityChange) => focus === undefined || c.from.members.includes(focus.ref) || c.to.members.includes(focus.ref);
  return { ...audit, diff: keepChanges(audit.diff, (c) => shown(c.from) && shown(c.to) && focused(c)) };
}

/** A table wider than a terminal (or than the limit that makes `auto` group) reads badly: say what reads better. */
function warnIfWide(text: string, columns: number, grouped: boolean): void {
  const width = Math.max(...text.split('\n').map((l) => stripVTControlCharacters(l).length));
  const terminal = process.stdout.columns;
  if (columns <= POD_LEVEL_LIMIT && (terminal === undefined || width <= terminal)) return;
  const alternatives = ['`-o list` prints the allowed connections one per line (with `--focus ENDPOINT`, one endpoint\'s)'];
  if (!grouped) alternatives.push('`--group-by identity` makes one row and column of the pods no policy tells apart');
  process.stderr.write(`${color.yellow('palisade: note:')} this matrix has ${columns} columns (${width} characters wide); ${alternatives.join('; ')}\n`);
}

/** Rows and columns (the same list), and the cell for (row, column, port). */
interface Grid {
  labels: string[];
  members: string[][];
  ports: string[];
  cell(from: number, to: number, port: number): boolean;
}

function podGrid(t: TruthTable): Grid {
  return {
    labels: t.endpoints.map((e) => e.ref),
    members: t.endpoints.map((e) => [e.ref]),
    ports: t.ports.map(portQueryText),
    cell: t.allowed,
  };
}

/** One row per identity; cells as TruthTable.groupAllowed decides them. */
function groupGrid(engine: Engine, t: TruthTable): Grid {
  return {
    labels: t.groups.map((g) => describeGroup(engine, g.members.map((m) => t.endpoints[m]!)).label),
    members: t.groups.map((g) => g.members.map((m) => t.endpoints[m]!.ref)),
    ports: t.ports.map(portQueryText),
    cell: t.groupAllowed,
  };
}

/** `json` is spread into the JSON answer (the ignored policies). */
function render(grid: Grid, format: Format, json: object): string {
  const n = grid.labels.length;
  const range = [...Array(n).keys()];
  switch (format) {
    case 'json':
      return JSON.stringify(
        {
          ports: grid.ports,
          rows: grid.labels.map((label, i) => ({ name: label, members: grid.members[i] })),
          allowed: Object.fromEntries(grid.ports.map((p, k) => [p, range.map((i) => range.map((j) => (grid.cell(i, j, k) ? '1' : '0')).join(''))])),
          ...json,
        },
        null,
        2,
      );
    case 'csv':
      return [
        'from,to,port,allowed',
        ...grid.ports.flatMap((p, k) => range.flatMap((i) => range.map((j) => [csv(grid.labels[i]!), csv(grid.labels[j]!), p, grid.cell(i, j, k)].join(',')))),
      ].join('\n');
    case 'markdown':
      return grid.ports
        .map((p, k) =>
          [
            `**${p}** (rows: from, columns: to; ✅ allowed, ❌ denied)`,
            '',
            `| from \\ to | ${grid.labels.map(mdEscape).join(' | ')} |`,
            `|---|${grid.labels.map(() => ':---:').join('|')}|`,
            ...range.map((i) => `| ${mdEscape(grid.labels[i]!)} | ${range.map((j) => (grid.cell(i, j, k) ? '✅' : '❌')).join(' | ')} |`),
          ].join('\n'),
        )
        .join('\n\n');
    case 'table':
      return grid.ports
        .map((p, k) => {
          const head = ['', ...range.map((j) => String(j + 1))];
          const rows = range.map((i) => [`${i + 1} ${grid.labels[i]}`, ...range.map((j) => (grid.cell(i, j, k) ? color.green('✓') : color.red('✗')))]);
          return `${color.bold(p)}  (rows: from, columns: to, numbered as the rows; ✓ allowed, ✗ denied)\n${formatTable(head, rows)}`;
        })
        .join('\n\n');
  }
}

function isList(format: Format | ListFormat): format is ListFormat {
  return format in LIST_FORMATS;
}

/** connlist's forms: `from => to : connections` lines, a JSON array, CSV and a Markdown table. */
/** `ignored`: the batch's ignoredPolicies field, carried once on the first connection (the JSON stays an array of connections, as `check --flows` does). */
function renderList(list: Connection[], format: (typeof LIST_FORMATS)[ListFormat], ignored: object): string {
  const lines = (() => {
    switch (format) {
      case 'json':
        return [JSON.stringify(list.length > 0 ? [{ ...list[0], ...ignored }, ...list.slice(1)] : list, null, 2)];
      case 'csv':
        return ['from,to,connections', ...list.map((c) => [csv(c.from), csv(c.to), csv(c.connections)].join(','))];
      case 'markdown':
        return ['| from | to | connections |', '|---|---|---|', ...list.map((c) => `| ${mdEscape(c.from)} | ${mdEscape(c.to)} | ${mdEscape(c.connections)} |`)];
      case 'text':
        return list.map((c) => `${c.from} => ${c.to} : ${c.connections}`);
      case 'dot':
        return [toDot(connectionsGraph(list))];
      case 'mermaid':
        return [toMermaid(connectionsGraph(list))];
    }
  })();
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}
