/**
 * The agent's Prometheus metrics, in a registry of its own (prom-client's
 * global one would mix instances in tests and in library users' processes):
 * what the watch holds and went through, what each round did and how long it
 * took, the ruleset the kernel holds, and what its counters counted.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClusterWatch } from '../sources/live/cluster-watch.js';
import type { RoundReport } from './agent.js';
import { CounterMetrics, podLabels } from './counter-metrics.js';
import type { DeniedFlow } from './denied-flows.js';
import type { KernelCounter } from './nft.js';

/** From sub-millisecond updates to slow full applies of large clusters. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class AgentMetrics {
  readonly registry = new Registry();
  private readonly rounds: Counter;
  private readonly applies: Counter;
  private readonly applySeconds: Histogram;
  private readonly eventToEnforced: Histogram;
  private readonly rules: Gauge;
  private readonly sets: Gauge;
  private readonly lastApply: Gauge;
  private readonly ready: Gauge;
  private readonly counters: CounterMetrics | undefined;
  private readonly deniedFlows: Counter;

  /** `readCounters`: the kernel's counters of Palisade's table (see `readCounters` in nft.ts), read per scrape. */
  constructor(watch?: ClusterWatch, readCounters?: () => Promise<KernelCounter[]>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'palisade_agent_process_' });
    this.rounds = new Counter({ name: 'palisade_agent_rounds_total', help: 'Reconcile rounds, by what they did (applied, unchanged, invalid, unreadable, refused, unknown-node, waiting).', labelNames: ['outcome'], registers });
    this.applies = new Counter({ name: 'palisade_agent_applies_total', help: 'Rulesets applied, by how: only the changes, or the whole table.', labelNames: ['how'], registers });
    this.applySeconds = new Histogram({ name: 'palisade_agent_apply_duration_seconds', help: 'Time nft took to apply a ruleset transaction.', buckets: LATENCY_BUCKETS, registers });
    this.eventToEnforced = new Histogram({
      name: 'palisade_agent_event_to_enforced_seconds',
      help: 'Time from a change reaching the agent (a watch event, a file change) to the ruleset that enforces it being in the kernel.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rules = new Gauge({ name: 'palisade_agent_ruleset_rules', help: 'Rules in the applied ruleset, over all its chains.', registers });
    this.sets = new Gauge({ name: 'palisade_agent_ruleset_sets', help: 'Named sets in the applied ruleset, the pod range sets (pod CIDRs, known pods) included.', registers });
    this.lastApply = new Gauge({ name: 'palisade_agent_last_apply_timestamp_seconds', help: 'When a ruleset was last applied (Unix time).', registers });
    this.ready = new Gauge({ name: 'palisade_agent_ready', help: '1 once a ruleset computed from a complete view of the cluster is enforced.', registers });
    this.deniedFlows = new Counter({
      name: 'palisade_denied_flows_logged_total',
      help: 'Dropped connection attempts logged (--log-denied), by the pod whose side dropped them, the direction and the outcome (denied, or would deny: audited policies would have dropped it); at most --log-denied-rate a second each, so a flood is counted exactly by the rule and default-deny packet counters only.',
      labelNames: ['namespace', 'pod', 'direction', 'outcome'],
      registers,
    });
    if (watch) watchMetrics(watch, this.registry);
    if (readCounters) this.counters = new CounterMetrics(this.registry, readCounters);
  }

  round(r: RoundReport): void {
    this.rounds.inc({ outcome: r.outcome });
    if (r.applied) this.applies.inc({ how: r.applied });
    if (r.applyMs !== undefined) this.applySeconds.observe(r.applyMs / 1000);
    if (r.eventToEnforcedMs !== undefined) this.eventToEnforced.observe(r.eventToEnforcedMs / 1000);
    if (r.outcome === 'applied') this.lastApply.set(Date.now() / 1000);
    if (r.outcome === 'applied' || r.outcome === 'unchanged') this.ready.set(1);
    if (r.ruleset) {
      this.rules.set(r.ruleset.chains.reduce((n, c) => n + c.rules.length, 0));
      this.sets.set(r.ruleset.sets.length + 2 * r.ruleset.podRanges.length);
      this.counters?.applied(r.ruleset.counters);
    }
  }

  denied(flow: DeniedFlow): void {
    this.deniedFlows.inc({ ...podLabels(flow.pod), direction: flow.direction, outcome: flow.outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The watch's own figures, read when scraped: they are kept as plain numbers where they change. */
function watchMetrics(watch: ClusterWatch, registry: Registry): void {
  const registers = [registry];
  new Gauge({
    name: 'palisade_agent_objects',
    help: 'Objects in the agent\'s copy of the cluster, by kind.',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      for (const [kind, n] of Object.entries(watch.counts())) this.set({ kind }, n);
    },
  });
  new Gauge({
    name: 'palisade_agent_synced',
    help: '1 while every resource is listed and watched (the copy is whole), 0 while one is being listed again.',
    registers,
    collect() {
      this.set(watch.synced() ? 1 : 0);
    },
  });
  const counted = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        // The watch counts; the counter reports its total.
        this.reset();
        this.inc(read());
      },
    });
  counted('palisade_agent_watch_restarts_total', 'Watches started again after one ended (timeout, dropped connection, server restart).', () => watch.stats.watchRestarts);
  counted('palisade_agent_relists_total', 'Resources listed again because the API server no longer had the resourceVersion watched from (410 Gone).', () => watch.stats.relists);
  counted('palisade_agent_watch_events_total', 'Watch events received (bookmarks left out).', () => watch.stats.events);
}
