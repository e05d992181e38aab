/**
 * `palisade matrix`: the truth table of every source and destination on each
 * port. Pod by pod for a handful of endpoints; grouped by identity (pods no
 * policy can tell apart) for large clusters.
 */
import { Command, Option } from 'commander';
import type { Identity } from '../../engine/engine.js';
import { portQueryText } from '../../engine/ports.js';
import { truthTable, type TruthTable } from '../../engine/truth-table.js';
import type { PodEndpoint } from '../../engine/types.js';
import { labelsText } from '../../model/selector-text.js';
import { compileInputs, exitCodeFor, portsFor, withAnalysisOptions, type AnalysisOptions } from '../analysis-inputs.js';
import { EXIT } from '../exit-codes.js';
import { color } from '../format/color.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';
import { formatTable } from '../format/table.js';

type Format = 'table' | 'json' | 'csv' | 'markdown';
type Grouping = 'auto' | 'pod' | 'identity';

interface MatrixOptions extends AnalysisOptions {
  output: Format;
  ports?: string;
  groupBy: Grouping;
}

/** Above this many endpoints, `auto` groups by identity. */
const POD_LEVEL_LIMIT = 40;

export function matrixCommand(): Command {
  return withAnalysisOptions(new Command('matrix'))
    .description('print the truth table: which source may reach which destination, per port')
    .option('--ports <list>', 'ports to tabulate, e.g. 80/TCP,53/UDP (default: the ports the policies and pods name)')
    .addOption(new Option('--group-by <how>', 'rows and columns: one per pod, or one per identity (pods no policy tells apart)').choices(['auto', 'pod', 'identity']).default('auto'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .action((opts: MatrixOptions) => {
      const { engine, ignored } = compileInputs(opts);
      const endpoints = engine.endpoints().filter((e) => opts.namespace === undefined || e.namespace === opts.namespace);
      const ports = portsFor(opts.ports, engine, endpoints);
      const table = truthTable(engine, endpoints, ports);
      const grouped = opts.groupBy === 'identity' || (opts.groupBy === 'auto' && endpoints.length > POD_LEVEL_LIMIT);
      const grid = grouped ? groupGrid(table) : podGrid(table);
      process.stdout.write(render(grid, opts.output, ignoredPoliciesField(ignored)) + '\n');
      process.exitCode = exitCodeFor(EXIT.ok, ignored, opts);
    });
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

/**
 * One row per identity. Cells are decided between different pods of the
 * groups: a pod's own traffic to itself is always allowed and would make
 * every diagonal cell say so.
 */
function groupGrid(t: TruthTable): Grid {
  return {
    labels: t.groups.map((g) => groupLabel(g.identity, g.members.map((m) => t.endpoints[m]!))),
    members: t.groups.map((g) => g.members.map((m) => t.endpoints[m]!.ref)),
    ports: t.ports.map(portQueryText),
    cell: (from, to, port) => {
      const a = t.groups[from]!.members;
      const b = t.groups[to]!.members;
      const source = a[0]!;
      const target = b.find((m) => m !== source) ?? b[0]!;
      return t.allowed(source, target, port);
    },
  };
}

function groupLabel(identity: Identity, members: PodEndpoint[]): string {
  if (members.length === 1) return members[0]!.ref;
  const s = identity.subject;
  return `${s.namespace}/{${labelsText(s.labels)}} (${members.length})`;
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

function csv(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}
