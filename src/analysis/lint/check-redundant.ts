/**
 * PAL007 redundant: a rule that allows nothing beyond what other rules
 * already allow to the same pods, and a policy all of whose rules are so and
 * that isolates nothing others do not already isolate.
 *
 * Decided with the engine, on the pods and workloads known now: for each
 * identity the rule applies to and each port that can make a difference, every
 * identity the rule's peers match (and every address its ipBlocks hold) must
 * also be allowed by another rule of a policy isolating that identity. Ports
 * are taken as atoms: the port numbers where some entry's match can change
 * (numbers, range ends, and the numbers named ports resolve to), so every port
 * of an atom is decided alike.
 *
 * Rules are judged one at a time, later ones first, and a rule found
 * redundant no longer counts as covering others: two identical rules are one
 * finding (the later one), and everything reported can be removed together.
 */
import type { CompiledPolicy, CompiledRule } from '../../engine/policies.js';
import { parseRange, rangeDifference, type Range } from '../../engine/ip.js';
import { entryProtocol, matchingPort } from '../../engine/ports.js';
import { isEmptySelector } from '../../engine/selectors.js';
import { PROTOCOLS, type Direction, type NamedPort, type PodEndpoint, type PortQuery, type Protocol } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import type { NetworkPolicyPort } from '../../model/objects.js';
import { DIRECTIONS, listed, rulePath, type LintContext, type RawFinding } from './context.js';

interface RuleFacts {
  policy: CompiledPolicy;
  direction: Direction;
  rule: CompiledRule;
  /** The rule names no peers: it matches every endpoint and address. */
  any: boolean;
  /** Identities its peers match. */
  ids: Set<number>;
  /** Addresses its ipBlocks hold, excepts taken out. */
  ranges: Range[];
}

const EVERY_ADDRESS: Range[] = [parseRange('0.0.0.0/0')!, parseRange('::/0')!];

export function redundant(ctx: LintContext): RawFinding[] {
  return new Redundancy(ctx).run();
}

class Redundancy {
  private readonly engine;
  /** A representative endpoint of each identity: members differ in nothing a policy sees. */
  private readonly reps = new Map<number, PodEndpoint>();
  private readonly facts = new Map<string, RuleFacts>();
  /** Every number a named port resolves to, by `name/protocol`, over all endpoints. */
  private readonly namedNumbers = new Map<string, Set<number>>();
  private readonly redundantRules = new Set<RuleFacts>();
  private readonly redundantPolicies = new Set<string>();

  constructor(private readonly ctx: LintContext) {
    this.engine = ctx.engine;
    for (const ep of ctx.endpoints) {
      const id = this.engine.identityOf(ep).id;
      if (!this.reps.has(id)) this.reps.set(id, ep);
      for (const n of ep.namedPorts) {
        const key = `${n.name}/${n.protocol}`;
        let set = this.namedNumbers.get(key);
        if (!set) this.namedNumbers.set(key, (set = new Set()));
        set.add(n.port);
      }
    }
  }

  run(): RawFinding[] {
    const out: RawFinding[] = [];
    for (const policy of [...this.ctx.policies].reverse()) {
      if (this.ctx.selectedAny(policy).length === 0) continue; // PAL001's business
      const found: { facts: RuleFacts; by: Set<RuleFacts> }[] = [];
      let every = true;
      for (const d of DIRECTIONS) {
        for (const rule of [...this.ctx.activeRules(policy, d)].reverse()) {
          const facts = this.factsOf(policy, d, rule);
          // A rule whose peers match nothing known is PAL002's business, not redundancy.
          const by = !facts.any && facts.ids.size === 0 && facts.ranges.length === 0 ? null : this.coveredBy(facts);
          if (!by) {
            every = false;
            continue;
          }
          this.redundantRules.add(facts);
          found.push({ facts, by });
        }
      }
      const isolatedBy = every ? this.isolationCoveredBy(policy) : null;
      if (isolatedBy) {
        this.redundantPolicies.add(policy.ref);
        const allowers = [...new Set(found.flatMap((f) => [...f.by].map((b) => b.policy.ref)))].sort();
        out.push({
          check: 'PAL007',
          object: policy.source,
          path: FieldPath.root('metadata', 'name'),
          message:
            `this policy adds nothing with the pods known now: ` +
            (found.length > 0 ? `what its ${found.length === 1 ? 'rule allows' : `${found.length} rules allow`} is already allowed by ${listed(allowers, 4)}, and ` : '') +
            `every pod it selects is already isolated by ${listed([...isolatedBy].sort(), 4)}`,
          hint: 'remove the policy; if it was meant to restrict others, note that policies only add: narrow the broader policy instead',
        });
        continue;
      }
      for (const { facts, by } of found.reverse()) {
        const refs = [...by].map((b) => `${b.policy.ref} ${b.direction}[${b.rule.index}]`).sort();
        out.push({
          check: 'PAL007',
          object: policy.source,
          path: rulePath(facts.direction, facts.rule.index),
          message: `this rule allows nothing beyond what ${listed(refs, 4)} already allow${refs.length === 1 ? 's' : ''} to the pods it applies to (with the pods known now)`,
          hint: 'remove the rule; if it was meant to restrict the broader one, note that rules only add: narrow the broader rule instead',
        });
      }
    }
    return out;
  }

  private factsOf(policy: CompiledPolicy, direction: Direction, rule: CompiledRule): RuleFacts {
    const key = `${policy.ref}\u0001${direction}\u0001${rule.index}`;
    let f = this.facts.get(key);
    if (f) return f;
    const ids = new Set<number>();
    const blocks: Range[] = [];
    for (const peer of rule.peers ?? []) {
      for (const ep of this.engine.peerMembers(policy.ref, direction, rule.index, peer.index)) ids.add(this.engine.identityOf(ep).id);
      if (peer.ipBlock) blocks.push(...rangeDifference([peer.ipBlock.cidr], peer.ipBlock.except));
    }
    f = { policy, direction, rule, any: rule.peers === null, ids, ranges: rangeDifference(blocks, []) };
    this.facts.set(key, f);
    return f;
  }

  /** The other rules that together allow everything `r` allows, or null when something is left. */
  private coveredBy(r: RuleFacts): Set<RuleFacts> | null {
    const by = new Set<RuleFacts>();
    const d = r.direction;
    // Targets that share their isolating policies (and, for ingress, named ports) get the same answer.
    const seen = new Set<string>();
    let allowsSomething = false;
    for (const target of this.ctx.selected(r.policy, d)) {
      const policies = this.engine.isolatingPolicies(target, d);
      const key = policies.map((p) => p.ref).join(',') + (d === 'ingress' ? `|${namedKey(target.namedPorts)}` : '');
      if (seen.has(key)) continue;
      seen.add(key);
      const others = policies.flatMap((p) => this.ctx.activeRules(p, d).map((rule) => this.factsOf(p, d, rule))).filter((o) => o !== r && !this.redundantRules.has(o));
      const answer = this.covers(r, others, target, by);
      if (answer === 'uncovered') return null;
      if (answer === 'covered') allowsSomething = true;
    }
    // A rule that allows nothing at all (a named port no pod defines) is not redundant but dead: PAL003 says so.
    return allowsSomething ? by : null;
  }

  /** For one target: whether what `r` allows is allowed by `others` too; `nothing` when `r` allows nothing there. */
  private covers(r: RuleFacts, others: RuleFacts[], target: PodEndpoint, by: Set<RuleFacts>): 'covered' | 'uncovered' | 'nothing' {
    let allows = false;
    const ingress = r.direction === 'ingress';
    const ids = r.any ? [...this.reps.keys()] : [...r.ids];
    const ranges = r.any ? EVERY_ADDRESS : r.ranges;
    const entries = [r, ...others].flatMap((o) => o.rule.ports ?? []);
    for (const protocol of PROTOCOLS) {
      const named = (name: string) =>
        ingress ? target.namedPorts.filter((n) => n.name === name && n.protocol === protocol).map((n) => n.port) : [...(this.namedNumbers.get(`${name}/${protocol}`) ?? [])];
      for (const port of atoms(entries, protocol, named)) {
        const q: PortQuery = { protocol, port };
        // The destination's named ports: the target for ingress, each peer for egress, none for addresses outside on egress.
        for (const id of ids) {
          const dst = ingress ? target.namedPorts : this.reps.get(id)!.namedPorts;
          if (matchingPort(r.rule.ports, q, dst) === -1) continue;
          allows = true;
          const c = others.find((o) => (o.any || o.ids.has(id)) && matchingPort(o.rule.ports, q, dst) !== -1);
          if (!c) return 'uncovered';
          by.add(c);
        }
        if (ranges.length === 0) continue;
        const dst = ingress ? target.namedPorts : undefined;
        if (matchingPort(r.rule.ports, q, dst) === -1) continue;
        allows = true;
        const covering = others.filter((o) => matchingPort(o.rule.ports, q, dst) !== -1 && (o.any || o.ranges.length > 0));
        const all = covering.find((o) => o.any);
        if (all) {
          by.add(all);
          continue;
        }
        if (rangeDifference(ranges, covering.flatMap((o) => o.ranges)).length > 0) return 'uncovered';
        for (const o of covering) by.add(o);
      }
    }
    return allows ? 'covered' : 'nothing';
  }

  /** The other policies isolating every pod this one selects, in each direction it isolates; null when some pod relies on this one. */
  private isolationCoveredBy(policy: CompiledPolicy): Set<string> | null {
    const by = new Set<string>();
    const alive = (p: CompiledPolicy) => p !== policy && !this.redundantPolicies.has(p.ref);
    for (const d of DIRECTIONS) {
      if (!policy.isolates[d]) continue;
      // podSelector: {} also isolates pods yet to come: only another such policy does the same.
      if (isEmptySelector(policy.podSelector)) {
        const twin = this.ctx.policies.find((p) => alive(p) && p.namespace === policy.namespace && p.isolates[d] && isEmptySelector(p.podSelector));
        if (!twin) return null;
        by.add(twin.ref);
        continue;
      }
      for (const target of this.ctx.selected(policy, d)) {
        const other = this.engine.isolatingPolicies(target, d).find(alive);
        if (!other) return null;
        by.add(other.ref);
      }
    }
    return by;
  }
}

function namedKey(ports: readonly NamedPort[]): string {
  return ports.map((n) => `${n.name}/${n.protocol}/${n.port}`).sort().join(',');
}

/** The first port of every run of ports that all entries treat alike, for one protocol. */
function atoms(entries: readonly NetworkPolicyPort[], protocol: Protocol, named: (name: string) => number[]): number[] {
  const starts = new Set<number>([1]);
  for (const e of entries) {
    if (entryProtocol(e) !== protocol || e.port === undefined) continue;
    const spans: [number, number][] = typeof e.port === 'number' ? [[e.port, e.endPort ?? e.port]] : named(e.port).map((n) => [n, n]);
    for (const [lo, hi] of spans) {
      starts.add(lo);
      starts.add(hi + 1);
    }
  }
  return [...starts].filter((p) => p >= 1 && p <= 65535).sort((a, b) => a - b);
}
