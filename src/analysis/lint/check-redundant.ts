/**
 * PAL007 redundant: a rule that allows nothing beyond what other rules
 * already allow to the same pods, and a policy all of whose rules are so and
 * that isolates nothing others do not already isolate.
 *
 * Decided by the engine, on the pods and workloads known now: for each
 * identity the rule applies to, what that identity's side admits (every
 * identity and every address outside, on every port) must stay the same
 * without the rule (`coverageOf`).
 *
 * Rules are judged one at a time, later ones first, and a rule found
 * redundant no longer counts as covering others: two identical rules are one
 * finding (the later one), and everything reported can be removed together.
 */
import { isNetworkPolicy, type CompiledNetworkPolicy, type CompiledRule } from '../../engine/policies.js';
import { rangeDifference, type Range } from '../../engine/ip.js';
import { coverageOf } from '../../engine/side-coverage.js';
import { blockRanges } from '../../engine/side-matches.js';
import type { SideEntry } from '../../engine/side-policy.js';
import { isEmptySelector } from '../../engine/selectors.js';
import type { Direction } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import { DIRECTIONS, listed, rulePath, type LintContext, type RawFinding } from './context.js';

interface RuleFacts {
  policy: CompiledNetworkPolicy;
  direction: Direction;
  rule: CompiledRule;
  /** The rule names no peers: it matches every endpoint and address. */
  any: boolean;
  /** Identities its peers match. */
  ids: Set<number>;
  /** Addresses its ipBlocks hold, excepts taken out. */
  ranges: Range[];
}

export function redundant(ctx: LintContext): RawFinding[] {
  return new Redundancy(ctx).run();
}

class Redundancy {
  private readonly engine;
  private readonly facts = new Map<string, RuleFacts>();
  private readonly redundantRules = new Set<RuleFacts>();
  private readonly redundantPolicies = new Set<string>();

  constructor(private readonly ctx: LintContext) {
    this.engine = ctx.engine;
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

  private factsOf(policy: CompiledNetworkPolicy, direction: Direction, rule: CompiledRule): RuleFacts {
    const key = `${policy.ref}\u0001${direction}\u0001${rule.index}`;
    let f = this.facts.get(key);
    if (f) return f;
    const ids = new Set<number>();
    const blocks: Range[] = [];
    for (const peer of rule.peers ?? []) {
      for (const ep of this.engine.peerMembers(policy.ref, direction, rule.index, peer.index)) ids.add(this.engine.identityOf(ep).id);
      for (const b of peer.blocks ?? []) blocks.push(...blockRanges(b));
    }
    f = { policy, direction, rule, any: rule.peers === null, ids, ranges: rangeDifference(blocks, []) };
    this.facts.set(key, f);
    return f;
  }

  /** The other rules that together allow everything `r` allows, or null when something is left. */
  private coveredBy(r: RuleFacts): Set<RuleFacts> | null {
    const by = new Set<RuleFacts>();
    const d = r.direction;
    let allowsSomething = false;
    const ignored = (e: SideEntry) => isNetworkPolicy(e.policy) && this.redundantRules.has(this.factsOf(e.policy, d, e.rule));
    for (const identity of this.ctx.sideIdentities(this.ctx.selected(r.policy, d), d)) {
      const entry = this.engine.compiledSide(identity, d).entries.find((e) => e.policy === r.policy && e.rule === r.rule)!;
      const coverage = coverageOf(this.engine, identity, d, entry, ignored);
      if (coverage === 'needed') return null;
      // A rule that allows nothing at all (a named port no pod defines) is not redundant but dead: PAL003 says so.
      if (coverage === 'nothing') continue;
      allowsSomething = true;
      for (const e of coverage) {
        // Covered by a ClusterNetworkPolicy: that is a tier's doing, which the ClusterNetworkPolicy checks report.
        if (!isNetworkPolicy(e.policy)) return null;
        by.add(this.factsOf(e.policy, d, e.rule));
      }
    }
    return allowsSomething ? by : null;
  }

  /** The other policies isolating every pod this one selects, in each direction it isolates; null when some pod relies on this one. */
  private isolationCoveredBy(policy: CompiledNetworkPolicy): Set<string> | null {
    const by = new Set<string>();
    const alive = (p: CompiledNetworkPolicy) => p !== policy && !this.redundantPolicies.has(p.ref);
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
