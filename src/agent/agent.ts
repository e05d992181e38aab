/**
 * The node agent: reads the cluster state, compiles the ruleset for its node
 * and applies it in one nft transaction, again whenever the state changes.
 * After the first round it feeds the engine only the changes and recompiles
 * only what they touched; rounds never overlap, and changes that come close
 * together make one round.
 *
 * Safety: the table is only ever replaced whole in one transaction, so no
 * packet sees a half-applied ruleset; input with errors keeps the last good
 * ruleset; stopping or crashing leaves the table in place (pods stay
 * protected), and a restarted agent replaces it with the current one in one
 * step, with no gap.
 */
import { replaceTableScript, tableChanges, updateTableScript } from '../dataplane/nft-text.js';
import { NodeCompiler, type Ruleset } from '../dataplane/ruleset.js';
import type { DeniedLog } from '../dataplane/counters.js';
import { clusterOf, enforcedPart, hasAudited, type Cluster } from '../engine/cluster.js';
import { isAudited } from '../model/enforcement.js';
import { Engine, type Change, type EngineOptions } from '../engine/engine.js';
import { knownNodesHint } from '../engine/suggestions.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { placeText, type KubeObject } from '../model/objects.js';
import type { FieldError } from '../validation/field-error.js';
import type { IgnoredPolicy } from '../sources/load.js';
import type { CrdChannel, KubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests, type ValidationReport } from '../validation/manifests.js';
import { entryOf, isPolicy, objectsOf } from '../model/kinds.js';
import type { Manifests } from '../sources/load.js';
import { clusterChanges } from '../engine/cluster-changes.js';
import type { StateSource } from './source.js';

export interface AgentLog {
  (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface AgentOptions extends EngineOptions {
  node: string;
  kubernetesVersion: KubernetesVersion;
  /** The ClusterNetworkPolicy CRD's channel (default standard). */
  crdChannel?: CrdChannel;
  log: AgentLog;
  /** Applies an nft script (the whole table, or the changes to it) in one transaction; nft by default, injectable for tests. */
  apply: (script: string) => void | Promise<void>;
  /** Called after a round whose input held policies Palisade does not evaluate (the ruleset ignores them). */
  onIgnoredPolicies?: (policies: IgnoredPolicy[]) => void;
  /**
   * Apply nothing while no pod names the node (for a single run: a mistyped
   * `--node` must not replace a good ruleset with an empty one). A running
   * agent applies the empty ruleset and warns: the node's pods may come.
   */
  requireKnownNode?: boolean;
  /** Told what each round did, for metrics and readiness. */
  onRound?: (report: RoundReport) => void;
  /** Drops are also logged to this NFLOG group (`--log-denied`, see dataplane/counters.ts). */
  logDenied?: DeniedLog;
}

/** What a round did and how long it took. */
export interface RoundReport {
  outcome: Outcome;
  /** Milliseconds from the first change the round takes in (the source's signal) to the ruleset enforcing it; for `applied` and `unchanged` rounds of a running agent. */
  eventToEnforcedMs?: number;
  applyMs?: number;
  applied?: 'changes' | 'whole table';
  /** The ruleset the kernel now holds, as this agent last applied it. */
  ruleset?: Ruleset;
}

/** What one round did. Every outcome but `applied` left the kernel's ruleset as it was. */
export type Outcome =
  | 'applied'
  /** The ruleset is the one this agent applied last. */
  | 'unchanged'
  /** A manifest could not be read (missing, not text). */
  | 'unreadable'
  /** The manifests have errors that the API server would refuse. */
  | 'invalid'
  /** nft refused the ruleset (not root, no nftables, a kernel without a feature). */
  | 'refused'
  /** No pod names the node, and `requireKnownNode` holds. */
  | 'unknown-node'
  /** The source has no complete view of the cluster yet (a live cluster still being listed). */
  | 'waiting';

/** The engines and node compiler kept between rounds, with the snapshot they hold (undefined once changes came object by object). */
interface Compiled {
  /** What the node enforces: audited policies left out. */
  engine: Engine;
  /** While the cluster has audited policies: the engine that also enforces them, for the audit chains that watch them. */
  audit: Engine | undefined;
  compiler: NodeCompiler;
  cluster: Cluster | undefined;
}

export class Agent {
  private compiled: Compiled | undefined;
  private applied: Ruleset | undefined;
  /** Field errors of objects validated in earlier rounds (sources that hand unchanged objects again, see DecodeCache). */
  private readonly validated = new WeakMap<KubeObject, FieldError[]>();
  /** Whether the unknown node was already warned about, so a running agent says it once. */
  private warnedUnknownNode = false;

  constructor(
    private readonly source: StateSource,
    private readonly opts: AgentOptions,
  ) {}

  /** The engine the applied ruleset was compiled from, for words about what it drops; undefined before the first round or while a round rebuilds it. */
  get engine(): Engine | undefined {
    return this.compiled?.engine;
  }

  /** The engine its audit chains were compiled from, for words about what they would drop; undefined while there are no audited policies. */
  get auditEngine(): Engine | undefined {
    return this.compiled?.audit;
  }

  /** The ruleset the kernel holds, as this agent last applied it. */
  get ruleset(): Ruleset | undefined {
    return this.applied;
  }

  /**
   * One round: load, validate, compile, and apply if anything changed.
   * `changedAt`: when the first change this round takes in was signalled
   * (performance.now()), for the event-to-enforced latency.
   */
  async reconcile(changedAt?: number): Promise<Outcome> {
    let ignored: IgnoredPolicy[] = [];
    const report: Partial<RoundReport> = {};
    const outcome = await this.oneRound((policies) => (ignored = policies), report);
    if (ignored.length > 0) this.opts.onIgnoredPolicies?.(ignored);
    const enforced = outcome === 'applied' || outcome === 'unchanged';
    this.opts.onRound?.({
      ...report,
      outcome,
      ...(enforced && changedAt !== undefined ? { eventToEnforcedMs: performance.now() - changedAt } : {}),
      ...(this.applied ? { ruleset: this.applied } : {}),
    });
    return outcome;
  }

  private async oneRound(sawIgnored: (policies: IgnoredPolicy[]) => void, report: Partial<RoundReport>): Promise<Outcome> {
    const { log } = this.opts;
    const started = performance.now();
    const updated = this.updateFromChanges() ?? this.updateWhole(sawIgnored);
    if (typeof updated === 'string') return updated;
    const { compiled, changes } = updated;
    if (!this.nodeIsKnown(compiled.engine) && this.opts.requireKnownNode) return 'unknown-node';
    const ruleset = compiled.compiler.compile();
    const tableChanged = this.applied && tableChanges(this.applied, ruleset);
    const compileMs = performance.now() - started;
    if (tableChanged && tableChanged.length === 0) {
      log('info', 'no change', { compileMs: round(compileMs), changes });
      return 'unchanged';
    }
    const applyStarted = performance.now();
    let how: 'changes' | 'whole table';
    try {
      how = await this.applyRuleset(ruleset, tableChanged || undefined);
    } catch (e) {
      log('error', 'nft refused the ruleset: keeping the last good one', { error: String((e as { stderr?: Buffer }).stderr ?? e) });
      return 'refused';
    }
    report.applyMs = performance.now() - applyStarted;
    report.applied = how;
    log('info', 'applied', {
      node: this.opts.node,
      ...rulesetChanges(this.applied, ruleset),
      changes,
      compileMs: round(compileMs),
      applyMs: round(report.applyMs),
      applied: how,
    });
    this.applied = ruleset;
    return 'applied';
  }

  /**
   * The engine given the objects the source says changed, when it can say
   * and the engine is compiled: no whole snapshot is read, validated or
   * compared. Undefined when the round must load whole instead (the source
   * lost track, or another plugin's policy changed, which the whole load
   * warns about).
   */
  private updateFromChanges(): { compiled: Compiled; changes: number } | 'invalid' | 'unreadable' | undefined {
    const before = this.compiled;
    if (!before || !this.source.changes) return undefined;
    const changes = this.source.changes();
    if (!changes || changes.ignoredPolicyChanged) return undefined;
    const validation = this.refusing(this.report(changes.written));
    if (typeof validation === 'string') {
      // The next round reads the whole state again (and finds these errors until they are fixed).
      this.compiled = undefined;
      return validation;
    }
    // A written pod's undeclared namespace is made up by the batch, not written: the engine keeps the one it has.
    const written = objectsOf(clusterOf(changes.written, validation)).filter((o) => !(o.kind === 'Namespace' && o.implicit));
    const ordered: Change[] = [
      ...changes.deleted.map((d): Change => ({ op: 'delete', ...d })),
      ...written.sort((a, b) => entryOf(a).engineOrder - entryOf(b).engineOrder).map((object): Change => ({ op: 'upsert', object })),
    ];
    // The first audited policy needs an audit engine: compiled from the whole state.
    if (!before.audit && written.some(isAuditedPolicy)) return undefined;
    this.compiled = undefined;
    applyChanges(before, ordered);
    // The snapshot the engine holds is no longer one the agent has whole: a later whole load compiles afresh.
    this.compiled = { ...before, cluster: undefined };
    return { compiled: this.compiled, changes: ordered.length };
  }

  /** Loads, validates and takes in the whole state; the outcome instead when nothing can be applied from it. */
  private updateWhole(sawIgnored: (policies: IgnoredPolicy[]) => void): { compiled: Compiled; changes: number | 'all' } | Outcome {
    const { log } = this.opts;
    const manifests = this.source.load();
    if (!manifests) {
      log('info', 'waiting for a complete view of the cluster: nothing applied from a partial one', { kept: this.keptText() });
      return 'waiting';
    }
    // Which read policies are ignored depends on their validity: validate first, warn before the errors stop the round.
    const report = this.report(manifests);
    if (report.ignoredPolicies.length > 0) {
      sawIgnored(report.ignoredPolicies);
      log('warn', 'the input holds policies Palisade does not evaluate: the ruleset ignores them, so it may allow connections they deny', {
        ignoredPolicies: report.ignoredPolicies.map(ignoredText),
      });
    }
    const validation = this.refusing(report);
    return typeof validation === 'string' ? validation : this.update(clusterOf(manifests, validation));
  }

  private report(manifests: Manifests): ValidationReport {
    return validateManifests(manifests, { kubernetesVersion: this.opts.kubernetesVersion, crdChannel: this.opts.crdChannel ?? 'standard' }, this.validated);
  }

  /** The report; with errors, the outcome instead, and the errors logged: nothing is applied from them. */
  private refusing(validation: ValidationReport): ValidationReport | 'invalid' | 'unreadable' {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) return validation;
    const unreadable = errors.some((d) => d.type === 'IO');
    this.opts.log('error', `${unreadable ? 'input could not be read' : 'input has errors'}: keeping the last good ruleset`, { errors: errors.map(errorText), kept: this.keptText() });
    return unreadable ? 'unreadable' : 'invalid';
  }

  private keptText(): string {
    return this.applied ? 'last applied ruleset' : 'whatever the kernel has (nothing applied yet by this agent)';
  }

  /**
   * The engine brought to the snapshot: compiled whole the first time, then
   * given only the objects that changed (`changes`: how many; `all` when
   * compiled whole), and the node compiler told what they touched.
   */
  private update(cluster: Cluster): { compiled: Compiled; changes: number | 'all' } {
    const before = this.compiled;
    // Nothing is kept if an update fails half-way: the next round compiles whole.
    this.compiled = undefined;
    // Audited policies coming or going make or drop the audit engine: compiled whole.
    const audited = hasAudited(cluster);
    if (!before?.cluster || audited !== (before.audit !== undefined)) {
      const opts = { ipBlockMatchesPods: this.opts.ipBlockMatchesPods ?? true };
      const engine = Engine.compile(enforcedPart(cluster), opts);
      const audit = audited ? Engine.compile(cluster, opts) : undefined;
      const compiler = new NodeCompiler(engine, this.opts.node, { ...(this.opts.logDenied ? { log: this.opts.logDenied } : {}), ...(audit ? { audit } : {}) });
      this.compiled = { engine, audit, compiler, cluster };
      return { compiled: this.compiled, changes: 'all' };
    }
    const changes = clusterChanges(before.cluster, cluster);
    applyChanges(before, changes);
    this.compiled = { ...before, cluster };
    return { compiled: this.compiled, changes: changes.length };
  }

  /**
   * Only what changed since the ruleset this agent applied last, in one
   * transaction; the whole table when there is none, or when nft refuses the
   * changes (the table was changed or removed behind the agent's back).
   */
  private async applyRuleset(ruleset: Ruleset, changes: string[] | undefined): Promise<'changes' | 'whole table'> {
    if (this.applied && changes) {
      try {
        await this.opts.apply(updateTableScript(this.applied, ruleset, changes));
        return 'changes';
      } catch {
        // Fall through to replacing the table: that transaction stands on its own.
      }
    }
    await this.opts.apply(replaceTableScript(ruleset));
    return 'whole table';
  }

  /**
   * Whether some pod names the node. When none does, says so with the nodes
   * the input names: once while it lasts for a running agent, every time when
   * nothing will be applied.
   */
  private nodeIsKnown(engine: Engine): boolean {
    const { node, log, requireKnownNode } = this.opts;
    if (engine.endpointsOn(node).length > 0) {
      this.warnedUnknownNode = false;
      return true;
    }
    const nodes = engine.nodes();
    if (requireKnownNode || !this.warnedUnknownNode) {
      const effect = requireKnownNode ? 'nothing applied' : 'applying an empty ruleset until one does';
      log(requireKnownNode ? 'error' : 'warn', `no pod in the input runs on node ${node} (spec.nodeName): ${effect}; ${knownNodesHint(node, nodes)}`, { node, nodes });
      this.warnedUnknownNode = true;
    }
    return false;
  }

  /**
   * Reconcile now and after every change until the returned function is
   * called: one round at a time; a change starts a round `batchMs` later,
   * and the changes that come meanwhile (or while a round runs) join it. A
   * steady stream of changes thus still gets a round as soon as the last one
   * is done, instead of waiting for a quiet moment. (The default, 0, still
   * takes in every event already received with the first.)
   */
  run(batchMs = 0): () => void {
    let rounds = Promise.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** When the oldest change not yet taken in by a round was signalled. */
    let pendingSince: number | undefined;
    const round = () => {
      timer = undefined;
      rounds = rounds.then(() => {
        const changedAt = pendingSince;
        pendingSince = undefined;
        return this.reconcile(changedAt).then(
          () => undefined,
          (e: unknown) => this.opts.log('error', 'reconcile failed: keeping the last good ruleset', { error: (e as Error).message }),
        );
      });
    };
    round();
    const stopWatching = this.source.watch(() => {
      pendingSince ??= performance.now();
      timer ??= setTimeout(round, batchMs);
    });
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      stopWatching();
    };
  }
}

/** Changes into the engines, each telling the node compiler what it touched: all of them into the audit engine, if any; into the enforcing one as it takes them. */
function applyChanges({ engine, audit, compiler }: Compiled, changes: readonly Change[]): void {
  for (const change of changes) {
    compiler.forget(engine.apply(enforcedChange(change)));
    if (audit) compiler.forget(audit.apply(change), 'audit');
  }
}

function isAuditedPolicy(o: KubeObject): boolean {
  return isPolicy(o) && isAudited(o);
}

/** A change as the enforcing engine takes it: an audited policy written is one it does not have (it may have had it, enforced, before). */
function enforcedChange(change: Change): Change {
  if (change.op !== 'upsert' || !isAuditedPolicy(change.object)) return change;
  const { kind, metadata } = change.object;
  return { op: 'delete', kind, ...(metadata.namespace !== undefined ? { namespace: metadata.namespace } : {}), name: metadata.name ?? '' };
}

/** What changed in the ruleset, in numbers and names, for the log. */
function rulesetChanges(before: Ruleset | undefined, after: Ruleset): Record<string, unknown> {
  const names = (r: Ruleset | undefined, f: (r: Ruleset) => { name: string }[]) => new Set(r ? f(r).map((x) => x.name) : []);
  const diff = (f: (r: Ruleset) => { name: string }[]) => {
    const a = names(before, f);
    const b = names(after, f);
    return { added: [...b].filter((x) => !a.has(x)).length, removed: [...a].filter((x) => !b.has(x)).length };
  };
  const pods = (r: Ruleset | undefined) => new Map(r ? r.pods.map((p) => [p.ref, `${p.ingress}|${p.egress}`]) : []);
  const pa = pods(before);
  const pb = pods(after);
  return {
    pods: after.pods.length,
    podsChanged: [...pb].filter(([ref, chains]) => pa.get(ref) !== chains).map(([ref]) => ref).concat([...pa.keys()].filter((ref) => !pb.has(ref))),
    chains: diff((r) => r.chains),
    sets: diff((r) => r.sets),
  };
}

function errorText(d: Diagnostic): string {
  return `${d.file ?? ''}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.object ? `${d.object}: ` : ''}${d.field ? `${d.field}: ` : ''}${d.message}`;
}

function ignoredText(p: IgnoredPolicy): string {
  return `${placeText(p, { column: false })} ${p.kind} ${[p.namespace, p.name].filter(Boolean).join('/')} (${p.apiVersion})`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
