/**
 * `palisade check`: is this connection allowed, and why. One connection from
 * the command line, or a batch of flows from a JSON file for tools.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../engine/engine.js';
import { PROTOCOLS, type Endpoint, type PortQuery, type Protocol, type SideVerdict, type Verdict } from '../../engine/types.js';
import { portQueryText } from '../../engine/ports.js';
import { endpointText } from '../../engine/verdict-words.js';
import { compileInputs, exitCodeFor, withAnalysisOptions, withAuditOption, type AnalysisOptions } from '../analysis-inputs.js';
import { endpointArg, lookupProblem, portArg, sameEndpoint } from '../endpoint-args.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { AUDIT_MARK, color } from '../format/color.js';
import { plural } from '../format/diagnostics.js';
import { ignoredPoliciesField } from '../format/ignored-policies.js';
import { answerText, formatAuditVerdict, formatVerdict } from '../format/verdict.js';
import { terminalProgress } from '../progress.js';

interface CheckOptions extends AnalysisOptions {
  output: 'table' | 'json' | 'jsonl';
  flows?: string;
  reasons: boolean;
}

export function checkCommand(): Command {
  return withAuditOption(withAnalysisOptions(new Command('check')))
    .description('decide whether FROM may connect to TO on a port, and say why; exit 0 allowed, 1 denied')
    .argument('[FROM]', 'pod (NAMESPACE/NAME), workload (NAMESPACE/KIND/NAME), IP address, or a NAME in -n NAMESPACE (default: default)')
    .argument('[TO]', 'pod, workload, IP address or NAME, as FROM')
    .argument('[PORT]', "PORT, or a container port's NAME as TO defines it, each with an optional /PROTOCOL (default: every port TO serves)")
    .addOption(new Option('-o, --output <format>', 'output format; jsonl: one compact verdict per line (from, to, port, protocol, allowed), for tools that want only the answers').choices(['table', 'json', 'jsonl']).default('table'))
    .option('--flows <file>', 'check a JSON array of {"from","to","port","protocol"[,"expect","note"]} flows (- for stdin); "port" may be a port name of "to"')
    .option('--reasons', 'with --flows -o json: word every denial reason too (slower; by default a denial says which part of each rule matched)', false)
    .action(async (from: string | undefined, to: string | undefined, port: string | undefined, opts: CheckOptions) => {
      if (opts.flows !== undefined) {
        if (from !== undefined) throw new UsageError('give either FROM TO [PORT] or --flows FILE, not both');
        return checkFlows(opts);
      }
      if (from === undefined || to === undefined) throw new UsageError('check needs FROM and TO (or --flows FILE)');
      const { engine, withAudit, ignored } = await compileInputs(opts);
      const source = endpointArg(engine, from, 'FROM', opts.namespace);
      const destination = endpointArg(engine, to, 'TO', opts.namespace);
      const ports = port !== undefined ? [portArg(port, destination)] : servedPorts(destination);
      const audit = withAudit && { engine: withAudit, from: sameEndpoint(withAudit, source), to: sameEndpoint(withAudit, destination) };
      const verdicts = ports.map((q) => ({ q, verdict: engine.check(source, destination, q), audit: audit?.engine.check(audit.from, audit.to, q) }));
      if (opts.output !== 'table') {
        // Each verdict stands alone, so each says which policies it ignored.
        const ignoredField = ignoredPoliciesField(ignored);
        const out = verdicts.map(({ q, verdict, audit: a }) => ({
          from: source.ref,
          to: destination.ref,
          port: q.port,
          protocol: q.protocol,
          ...verdict,
          ...(a ? auditField(verdict, a, opts.output === 'jsonl') : {}),
          ...ignoredField,
        }));
        if (opts.output === 'jsonl') process.stdout.write(out.map((v) => JSON.stringify(compact(v)) + '\n').join(''));
        else process.stdout.write(JSON.stringify(port !== undefined ? out[0] : out, null, 2) + '\n');
      } else {
        const text = verdicts.map(({ q, verdict, audit: a }) => {
          const enforced = formatVerdict(engine, source, destination, q, verdict);
          return audit && a ? `${enforced}\n${formatAuditVerdict(audit.engine, audit.from, audit.to, q, verdict, a)}` : enforced;
        });
        process.stdout.write(text.join('\n\n') + '\n');
      }
      process.exitCode = exitCodeFor(verdicts.every((v) => v.verdict.allowed) ? EXIT.ok : EXIT.finding, ignored, opts);
    });
}

function servedPorts(destination: Endpoint): PortQuery[] {
  const served = destination.kind === 'external' ? [] : (destination.servedPorts ?? []);
  if (served.length === 0) throw new UsageError(`${destination.ref} declares no container port: give the PORT to check`);
  return served;
}

interface Flow {
  from: string;
  to: string;
  /** As answered: the number (a name given in the flow is resolved on `to`, and kept in `portName`). */
  port: number;
  portName?: string;
  protocol: Protocol;
  /** What the flow should get: checking becomes asserting. */
  expect?: 'allowed' | 'denied';
  /** Free text shown with the answer. */
  note?: string;
}

/** An answer as a flow carries it: the sides only when asked for (not with -o jsonl). */
type Answer = Pick<Verdict, 'allowed' | 'unknown'> & Partial<Verdict>;

/** With --include-audit: the answer with the audited policies enforced too and whether it `changes` the enforced one, or (-o jsonl) that answer alone. */
interface AuditAnswers {
  audit: Answer & { changes: boolean };
  auditAllowed: boolean;
}
type AuditField = Pick<AuditAnswers, 'audit'> | Pick<AuditAnswers, 'auditAllowed'>;

type Checked = Flow & { allowed: boolean; asExpected?: boolean } & Partial<Omit<Verdict, 'allowed'>> & Partial<AuditAnswers>;
type FlowResult = Checked | (Partial<Flow> & { error: string });

/**
 * Batch mode: each flow's answer in the input's order. A bad flow gets an
 * `error` in its place and never hides the others' answers. Flows that say
 * what they `expect` turn the exit code into "all as expected".
 */
async function checkFlows(opts: CheckOptions): Promise<void> {
  let flows: unknown;
  try {
    const text = readFileSync(opts.flows === '-' ? 0 : opts.flows!, 'utf8');
    flows = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--flows ${opts.flows}: ${(e as Error).message}`);
  }
  if (!Array.isArray(flows)) throw new UsageError(`--flows ${opts.flows}: expected a JSON array of flows`);
  const { engine, withAudit, ignored } = await compileInputs(opts);
  const cache = new Map<string, Endpoint | string>();
  /** The endpoint, or why the ref names none. */
  const lookup = (ref: string) => {
    let found = cache.get(ref);
    if (found === undefined) {
      const l = engine.lookup(ref, opts.namespace);
      cache.set(ref, (found = 'found' in l ? l.found : lookupProblem(l, ref, opts.namespace)));
    }
    return found;
  };
  // People reading a table get the words; tools get structure unless they ask, or only the answers (jsonl).
  const detail: Detail = opts.output === 'table' || opts.reasons ? 'words' : opts.output === 'json' ? 'structure' : 'answer';
  const progress = terminalProgress();
  const outcome = new Outcome();
  const check = (f: unknown, i: number) => {
    if (i % 1000 === 0) progress?.('checking flows', i, flows.length);
    const r = checkFlow(engine, f, i, lookup, detail, withAudit);
    outcome.add(r);
    // Which policies the answers ignored: once for the batch, on its first answer.
    return i === 0 ? { ...r, ...ignoredPoliciesField(ignored) } : r;
  };
  if (opts.output === 'table') {
    const results = flows.map(check);
    progress?.('checking flows', flows.length, flows.length);
    const blocks = results.map((r) => {
      if ('error' in r) return `${color.red(color.bold('ERROR'))}  ${r.error}`;
      const expectation = r.expect === undefined ? '' : r.asExpected ? color.green(` (as expected)`) : color.red(color.bold(` (expected ${r.expect.toUpperCase()})`));
      const head = r.note ? `${color.bold(r.note)}\n` : '';
      const q = { protocol: r.protocol, port: r.port };
      // Tables are written from checks with words: both sides are there.
      const [from, to] = [lookup(r.from) as Endpoint, lookup(r.to) as Endpoint];
      const [headline, ...rest] = formatVerdict(engine, from, to, q, r as Verdict).split('\n');
      const audit = withAudit && r.audit ? [formatAuditVerdict(withAudit, sameEndpoint(withAudit, from), sameEndpoint(withAudit, to), q, r, r.audit as Verdict)] : [];
      return [head + headline + expectation, ...rest, ...audit].join('\n');
    });
    process.stdout.write(blocks.join('\n\n') + '\n');
    if (withAudit) process.stdout.write(`\n${auditSummary(results, lookup)}\n`);
  } else {
    // A thousand answers at a time, checked, written and let go: a hundred thousand flows need not be held at once.
    const jsonl = opts.output === 'jsonl';
    const json = new AnswerJson();
    const CHUNK = 1000;
    for (let i = 0; i < flows.length; i += CHUNK) {
      const answers = flows.slice(i, i + CHUNK).map((f: unknown, k: number) => check(f, i + k));
      process.stdout.write(jsonl ? answers.map((r) => JSON.stringify(r) + '\n').join('') : (i === 0 ? '[' : ',') + answers.map((r) => json.answer(r)).join(','));
    }
    progress?.('checking flows', flows.length, flows.length);
    if (!jsonl) process.stdout.write(flows.length === 0 ? '[]\n' : ']\n');
  }
  process.exitCode = outcome.failed > 0 ? EXIT.usage : exitCodeFor(outcome.good ? EXIT.ok : EXIT.finding, ignored, opts);
  if (outcome.failed > 0) process.stderr.write(`palisade: ${outcome.failed} flow(s) could not be checked; see their "error"\n`);
}

/** What the exit code is made of, counted as the answers go by: errors, and all allowed (or, when flows say what they expect, all as expected). */
class Outcome {
  failed = 0;
  private expecting = false;
  private unexpected = false;
  private denied = false;

  add(r: FlowResult): void {
    if ('error' in r) {
      this.failed++;
      return;
    }
    if (r.expect !== undefined) this.expecting = true;
    if (r.asExpected === false) this.unexpected = true;
    if (!r.allowed) this.denied = true;
  }

  get good(): boolean {
    return this.expecting ? !this.unexpected : !this.denied;
  }
}

/** How much of each answer to give: the sides with their reasons worded, with their structure only, or none. */
type Detail = 'words' | 'structure' | 'answer';

function checkFlow(engine: Engine, f: unknown, i: number, lookup: (ref: string) => Endpoint | string, detail: Detail, withAudit: Engine | undefined): FlowResult {
  const flow = (typeof f === 'object' && f !== null ? f : {}) as Partial<Flow>;
  const fail = (message: string): FlowResult => ({ ...flow, error: `flows[${i}]: ${message}` });
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return fail('a flow must be an object with from, to, port and protocol');
  if (typeof flow.from !== 'string' || typeof flow.to !== 'string') return fail('"from" and "to" must be strings');
  const named = typeof flow.port === 'string';
  if (!named && (!Number.isInteger(flow.port) || flow.port! < 1 || flow.port! > 65535)) return fail('"port" must be an integer from 1 to 65535, or the name of a port of "to"');
  if (flow.protocol !== undefined && !PROTOCOLS.includes(flow.protocol)) return fail(`"protocol" must be one of ${PROTOCOLS.join(', ')}`);
  if (flow.expect !== undefined && flow.expect !== 'allowed' && flow.expect !== 'denied') return fail('"expect" must be "allowed" or "denied"');
  const from = lookup(flow.from);
  const to = lookup(flow.to);
  if (typeof from === 'string') return fail(`"from": ${from}`);
  if (typeof to === 'string') return fail(`"to": ${to}`);
  let q: PortQuery = { protocol: flow.protocol ?? 'TCP', port: flow.port as number };
  if (named) {
    // A name is resolved on the destination, as on the command line; the answer gives the number it stands for.
    try {
      q = portArg(flow.protocol ? `${flow.port}/${flow.protocol}` : String(flow.port), to);
    } catch (e) {
      if (e instanceof UsageError) return fail(`"port": ${e.message}`);
      throw e;
    }
  }
  const verdict = answer(engine, from, to, q, detail);
  // Key by key in the order answers list them, which JSON keeps: spreads of the optional parts would cost objects per flow.
  const r = {} as Checked;
  if (flow.note !== undefined) r.note = flow.note;
  r.from = flow.from;
  r.to = flow.to;
  r.port = q.port;
  if (named) r.portName = flow.port as unknown as string;
  r.protocol = q.protocol;
  r.allowed = verdict.allowed;
  if (verdict.unknown) r.unknown = true;
  if (flow.expect !== undefined) {
    r.expect = flow.expect;
    r.asExpected = (flow.expect === 'allowed') === verdict.allowed;
  }
  if (verdict.egress && verdict.ingress) {
    r.egress = verdict.egress;
    r.ingress = verdict.ingress;
  }
  if (withAudit) Object.assign(r, auditField(verdict, answer(withAudit, sameEndpoint(withAudit, from), sameEndpoint(withAudit, to), q, detail), detail === 'answer'));
  return r;
}

function answer(engine: Engine, from: Endpoint, to: Endpoint, q: PortQuery, detail: Detail): Answer {
  return detail === 'answer' ? answerOnly(engine, from, to, q) : engine.check(from, to, q, { reasons: detail === 'words' });
}

/** `compact` for the answers alone (-o jsonl). */
function auditField(enforced: Pick<Verdict, 'allowed'>, audit: Answer, compact: boolean): AuditField {
  return compact ? { auditAllowed: audit.allowed } : { audit: { changes: audit.allowed !== enforced.allowed, ...audit } };
}

/** After the flows' verdicts: how many of them enforcing the audited policies would change, and which. */
function auditSummary(results: FlowResult[], lookup: (ref: string) => Endpoint | string): string {
  const checked = results.filter((r): r is Checked => !('error' in r));
  const changed = checked.flatMap((r) => (r.audit?.changes ? [{ ...r, audit: r.audit }] : []));
  if (changed.length === 0) return `${AUDIT_MARK}: enforcing the audited policies would change none of ${plural(checked.length, 'flow')}`;
  const lines = changed.map((r) => {
    const flow = `${endpointText(lookup(r.from) as Endpoint)} → ${endpointText(lookup(r.to) as Endpoint)} on ${portQueryText(r)}${r.note ? ` (${r.note})` : ''}`;
    return `  ${flow}: ${answerText(r)} → ${answerText(r.audit)}`;
  });
  return [`${AUDIT_MARK}: enforcing the audited policies would change ${changed.length} of ${plural(checked.length, 'flow')}:`, ...lines].join('\n');
}

/** The answer alone; only a denial to an address outside may be unknown (domainNames), and the whole decision tells. */
function answerOnly(engine: Engine, from: Endpoint, to: Endpoint, q: PortQuery): Pick<Verdict, 'allowed' | 'unknown'> {
  if (engine.allowed(from, to, q)) return { allowed: true };
  return to.kind === 'external' && engine.check(from, to, q, { reasons: false }).unknown ? { allowed: false, unknown: true } : { allowed: false };
}

/** A verdict without its sides' reasons: what a tool that only wants the answer reads. */
function compact<T extends { egress?: unknown; ingress?: unknown }>(r: T): Omit<T, 'egress' | 'ingress'> {
  const answer = { ...r };
  delete answer.egress;
  delete answer.ingress;
  return answer;
}

/**
 * JSON.stringify of answers (a flow's, or its audit), key for key, but for
 * their sides: sides that share their lists come from one decision the
 * engine reused, and differ only in `endpoint`, so the rest is written once.
 * One per batch: it holds the decisions it wrote.
 */
class AnswerJson {
  private readonly tails = new Map<object, string>();

  answer(r: object): string {
    if ('error' in r) return JSON.stringify(r); // a bad flow's answer holds the flow's own keys
    let json = '';
    for (const key in r) {
      const value = (r as Record<string, unknown>)[key];
      if (value === undefined) continue;
      const text =
        typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
          ? String(value)
          : key === 'egress' || key === 'ingress'
            ? this.side(value as SideVerdict)
            : key === 'audit'
              ? this.answer(value as object)
              : JSON.stringify(value);
      json += `,"${key}":${text}`;
    }
    return `{${json.slice(1)}}`;
  }

  private side(side: SideVerdict): string {
    const head = `{"direction":"${side.direction}","endpoint":${JSON.stringify(side.endpoint)},`;
    let tail = this.tails.get(side.denials);
    if (tail === undefined) {
      const whole = JSON.stringify(side);
      // A side's first keys are its direction and endpoint (see SideVerdict); otherwise it is written whole.
      if (!whole.startsWith(head)) return whole;
      this.tails.set(side.denials, (tail = whole.slice(head.length)));
    }
    return head + tail;
  }
}
