/**
 * The node agent: reads the cluster state, compiles the ruleset for its node
 * and applies it in one nft transaction, again whenever the state changes.
 *
 * Safety: the table is only ever replaced whole in one transaction, so no
 * packet sees a half-applied ruleset; input with errors keeps the last good
 * ruleset; stopping or crashing leaves the table in place (pods stay
 * protected), and a restarted agent replaces it with the current one in one
 * step, with no gap.
 */
import { rulesetText, replaceTableScript } from '../dataplane/nft-text.js';
import { compileRuleset, type Ruleset } from '../dataplane/ruleset.js';
import { clusterOf } from '../engine/cluster.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { IgnoredPolicy } from '../sources/load.js';
import type { KubernetesVersion } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import type { StateSource } from './source.js';

export interface AgentLog {
  (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface AgentOptions extends EngineOptions {
  node: string;
  kubernetesVersion: KubernetesVersion;
  log: AgentLog;
  /** Applies a whole-table script; nft by default, injectable for tests. */
  apply: (script: string) => void;
  /** Called after a round whose input held policies Palisade does not evaluate (the ruleset ignores them). */
  onIgnoredPolicies?: (policies: IgnoredPolicy[]) => void;
}

export class Agent {
  private applied: Ruleset | undefined;
  private appliedText: string | undefined;

  constructor(
    private readonly source: StateSource,
    private readonly opts: AgentOptions,
  ) {}

  /** One round: load, validate, compile, and apply if anything changed. Returns whether it applied. */
  reconcile(): boolean {
    let ignored: IgnoredPolicy[] = [];
    const applied = this.oneRound((policies) => (ignored = policies));
    if (ignored.length > 0) this.opts.onIgnoredPolicies?.(ignored);
    return applied;
  }

  private oneRound(sawIgnored: (policies: IgnoredPolicy[]) => void): boolean {
    const { log } = this.opts;
    const started = performance.now();
    const manifests = this.source.load();
    if (manifests.ignoredPolicies.length > 0) {
      sawIgnored(manifests.ignoredPolicies);
      log('warn', 'the input holds policies Palisade does not evaluate: the ruleset ignores them, so it may allow connections they deny', {
        ignoredPolicies: manifests.ignoredPolicies.map(ignoredText),
      });
    }
    const report = validateManifests(manifests, { kubernetesVersion: this.opts.kubernetesVersion });
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      log('error', 'input has errors: keeping the last good ruleset', {
        errors: errors.map(errorText),
        kept: this.applied ? 'last applied ruleset' : 'whatever the kernel has (nothing applied yet by this agent)',
      });
      return false;
    }
    const engine = Engine.compile(clusterOf(manifests, report), { ipBlockMatchesPods: this.opts.ipBlockMatchesPods ?? true });
    const ruleset = compileRuleset(engine, this.opts.node);
    const text = rulesetText(ruleset);
    const compileMs = performance.now() - started;
    if (text === this.appliedText) {
      log('info', 'no change', { compileMs: round(compileMs) });
      return false;
    }
    const applyStarted = performance.now();
    try {
      this.opts.apply(replaceTableScript(ruleset));
    } catch (e) {
      log('error', 'nft refused the ruleset: keeping the last good one', { error: String((e as { stderr?: Buffer }).stderr ?? e) });
      return false;
    }
    log('info', 'applied', {
      node: this.opts.node,
      ...changes(this.applied, ruleset),
      compileMs: round(compileMs),
      applyMs: round(performance.now() - applyStarted),
    });
    this.applied = ruleset;
    this.appliedText = text;
    return true;
  }

  /** Reconcile now and on every change until the returned function is called. */
  run(): () => void {
    const safely = () => {
      try {
        this.reconcile();
      } catch (e) {
        this.opts.log('error', 'reconcile failed: keeping the last good ruleset', { error: (e as Error).message });
      }
    };
    safely();
    return this.source.watch(safely);
  }
}

/** What changed, in numbers and names, for the log. */
function changes(before: Ruleset | undefined, after: Ruleset): Record<string, unknown> {
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
  return `${p.file}:${p.line} ${p.kind} ${[p.namespace, p.name].filter(Boolean).join('/')} (${p.apiVersion})`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
