/**
 * What every check needs to know about the cluster, computed once from the
 * engine's public API: endpoints by namespace, what each policy selects, the
 * namespaces there are. Checks only read it.
 */
import type { Cluster } from '../../engine/cluster.js';
import type { Engine, Identity } from '../../engine/engine.js';
import { isNetworkPolicy, type CompiledNetworkPolicy, type CompiledPolicy, type CompiledRule } from '../../engine/policies.js';
import { precedence } from '../../engine/side-policy.js';
import { DIRECTIONS, type Direction, type NamedPort, type PodEndpoint } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import { listed } from '../../model/list-text.js';
import type { LabelSelector, Namespace, NetworkPolicy, TieredPolicy } from '../../model/objects.js';
import type { CheckId } from './checks.js';
import type { DnsTarget } from './dns-targets.js';
import { pushTo } from '../../model/grouping.js';

/** What a check reports, before config, suppression and positions are applied. */
export interface RawFinding {
  check: CheckId;
  /** The object the finding is about: its annotations may suppress it, its origin locates it. */
  object: NetworkPolicy | TieredPolicy | Namespace;
  path: FieldPath;
  message: string;
  hint?: string;
  /** One severity step below the check's (PAL005's internet idiom, PAL002's namespaces the input lacks). */
  gentler?: boolean;
}

export { DIRECTIONS };

/** Namespaces every cluster has, even when the input does not declare them. */
export const WELL_KNOWN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class LintContext {
  /** NetworkPolicies in a stable order (namespace/name). */
  readonly policies: CompiledNetworkPolicy[];
  /** ClusterNetworkPolicies in the order they are evaluated: by tier, priority, then name. */
  readonly clusterPolicies: CompiledPolicy[];
  readonly endpoints: PodEndpoint[];
  /** Endpoints policies can select and selectors can match: not host-network. */
  readonly byNamespace = new Map<string, PodEndpoint[]>();
  /** Every namespace name known: declared, implied by objects, and the well-known ones. */
  readonly namespaceNames: string[];
  /** Whether the input declares any Namespace itself (only then are namespace labels known). */
  readonly declaresNamespaces: boolean;
  private readonly selectedBy = new Map<string, Record<Direction, PodEndpoint[]>>();

  constructor(
    readonly engine: Engine,
    readonly cluster: Cluster,
    /** The cluster DNS (`lint.dns` in the config). */
    readonly dnsTargets: readonly DnsTarget[],
  ) {
    this.policies = engine.networkPolicies().sort((a, b) => a.ref.localeCompare(b.ref));
    this.clusterPolicies = engine.clusterPolicies().sort(precedence);
    this.endpoints = engine.endpoints();
    for (const ep of this.endpoints) {
      if (ep.hostNetwork) continue;
      pushTo(this.byNamespace, ep.namespace, ep);
      // The policies of its side: the NetworkPolicies isolating it, the ClusterNetworkPolicies with rules for it.
      for (const d of DIRECTIONS) for (const ref of engine.sidePolicyRefs(ep, d)) this.selectedOf(ref)[d].push(ep);
    }
    const names = new Set([...cluster.namespaces.map((n) => n.metadata.name ?? ''), ...this.endpoints.map((e) => e.namespace), ...WELL_KNOWN_NAMESPACES]);
    this.namespaceNames = [...names].sort();
    this.declaresNamespaces = cluster.namespaces.some((n) => !n.implicit);
  }

  /** The endpoints a policy takes part in deciding for in a direction: a NetworkPolicy isolates them, a ClusterNetworkPolicy has rules for them. */
  selected(policy: CompiledPolicy, d: Direction): PodEndpoint[] {
    return this.selectedOf(policy.ref)[d];
  }

  /** The endpoints a policy selects, in any direction it takes part in. */
  selectedAny(policy: CompiledPolicy): PodEndpoint[] {
    const s = this.selectedOf(policy.ref);
    return [...new Set([...s.ingress, ...s.egress])];
  }

  /** The rules that apply: a NetworkPolicy's in the directions it isolates, every rule of a ClusterNetworkPolicy. */
  activeRules(policy: CompiledPolicy, d: Direction): CompiledRule[] {
    return isNetworkPolicy(policy) && !policy.isolates[d] ? [] : policy.rules[d];
  }

  /**
   * One identity for each distinct side among the endpoints: the same
   * policies (and, for ingress, the same named ports, which its rules resolve
   * on it) give the same answers, so one stands for all.
   */
  sideIdentities(endpoints: readonly PodEndpoint[], d: Direction): Identity[] {
    const byKey = new Map<string, Identity>();
    for (const ep of endpoints) {
      const key = this.engine.sidePolicyRefs(ep, d).join(',') + (d === 'ingress' ? `|${namedKey(ep.namedPorts)}` : '');
      if (!byKey.has(key)) byKey.set(key, this.engine.identityOf(ep));
    }
    return [...byKey.values()];
  }

  private selectedOf(ref: string): Record<Direction, PodEndpoint[]> {
    let s = this.selectedBy.get(ref);
    if (!s) this.selectedBy.set(ref, (s = { ingress: [], egress: [] }));
    return s;
  }
}

function namedKey(ports: readonly NamedPort[]): string {
  return ports.map((n) => `${n.name}/${n.protocol}/${n.port}`).sort().join(',');
}

/** `spec.ingress[0]`, `spec.egress[2]`. */
export function rulePath(d: Direction, rule: number): FieldPath {
  return FieldPath.root('spec', d).index(rule);
}

/** `spec.ingress[0].from[1]`, `spec.egress[0].to[0]`. */
export function peerPath(d: Direction, rule: number, peer: number): FieldPath {
  return rulePath(d, rule).child(d === 'ingress' ? 'from' : 'to').index(peer);
}

/** `from` or `to`. */
export function peersField(d: Direction): 'from' | 'to' {
  return d === 'ingress' ? 'from' : 'to';
}

export { listed };

/** For a hint: the values the endpoints carry for the selector's keys (`app=api, app=db`). */
export function labelValuesHint(keys: readonly string[], endpoints: Iterable<PodEndpoint>, where: string): string | undefined {
  if (keys.length === 0) return undefined;
  const values = new Map<string, Set<string>>(keys.map((k) => [k, new Set()]));
  let any = false;
  for (const e of endpoints) {
    any = true;
    for (const [key, set] of values) if (Object.hasOwn(e.labels, key)) set.add(e.labels[key]!);
  }
  if (!any) return undefined;
  const seen = [...values].flatMap(([key, set]) => [...set].sort().map((v) => `${key}=${v}`));
  if (seen.length === 0) return `no pod or workload in ${where} has a label ${keys.map((k) => `'${k}'`).join(' or ')}`;
  return `pods and workloads in ${where} carry ${listed(seen, 8)}`;
}

/** `1 pod or workload`, `3 pods and workloads`. */
export function endpointCount(n: number): string {
  return n === 1 ? '1 pod or workload' : `${n} pods and workloads`;
}

/** A label selector as a YAML flow mapping, for hints: `{matchLabels: {app: web}}`. */
export function flowSelector(sel: LabelSelector): string {
  const parts: string[] = [];
  const labels = Object.entries(sel.matchLabels ?? {});
  if (labels.length > 0) parts.push(`matchLabels: {${labels.map(([k, v]) => `${scalar(k)}: ${scalar(v)}`).join(', ')}}`);
  const exprs = sel.matchExpressions ?? [];
  if (exprs.length > 0) {
    const items = exprs.map((e) => `{key: ${scalar(e.key)}, operator: ${e.operator}${e.values ? `, values: [${e.values.map(scalar).join(', ')}]` : ''}}`);
    parts.push(`matchExpressions: [${items.join(', ')}]`);
  }
  return `{${parts.join(', ')}}`;
}

function scalar(s: string): string {
  return s === '' || /[:{}[\],#&*!|>'"%@`\s]/.test(s) || /^(true|false|null|yes|no|on|off|~)$|^[-+.\d]/i.test(s) ? JSON.stringify(s) : s;
}
