/**
 * Policies compiled for matching (rules 1, 2, 5, 6, and the tiers of
 * ClusterNetworkPolicy), and the two questions everything else is built
 * from: does a policy select this pod, and does this peer match that
 * endpoint. NetworkPolicy, ClusterNetworkPolicy and its v1alpha1
 * predecessors AdminNetworkPolicy and BaselineAdminNetworkPolicy compile to
 * the same shapes: a subject, rules with an action, peers and port entries.
 */
import type {
  AdminNetworkPolicy,
  AdminNetworkPolicyPort,
  BaselineAdminNetworkPolicy,
  ClusterNetworkPolicy,
  ClusterNetworkPolicyPeer,
  ClusterNetworkPolicyProtocol,
  LabelSelector,
  Labels,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  TieredPolicy,
} from '../model/objects.js';
import { selectorText } from '../model/selector-text.js';
import { parseAddress, parseRange, rangeContains, type Address, type Range } from './ip.js';
import { effectivePolicyTypes } from './policy-types.js';
import { rulePortOf, type RulePort } from './ports.js';
import { selectorMatches, selectorMisses } from './selectors.js';
import type { Direction, Protocol } from './types.js';

/** Cluster administrators' rules, the namespace's NetworkPolicies, the cluster's defaults: in this order. */
export type Tier = 'admin' | 'namespace' | 'baseline';

/** What a rule does with what it matches. NetworkPolicy rules only allow; `pass` hands over to the next tier. */
export type Action = 'allow' | 'deny' | 'pass';

/** The ClusterNetworkPolicy API's words for the tiers it has. */
export const TIER_NAMES = { admin: 'Admin', baseline: 'Baseline' } as const satisfies Partial<Record<Tier, string>>;

export type PolicyKind = 'NetworkPolicy' | 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
/** The kinds whose rules decide in a tier, in order, with an action. */
export type TieredKind = Exclude<PolicyKind, 'NetworkPolicy'>;

/** How each tiered kind's API words what Palisade compiles alike. */
const TIERED_API: Record<TieredKind, { actions: Record<Action, string>; portsField: 'protocols' | 'ports'; hasPriority: boolean }> = {
  ClusterNetworkPolicy: { actions: { allow: 'Accept', deny: 'Deny', pass: 'Pass' }, portsField: 'protocols', hasPriority: true },
  AdminNetworkPolicy: { actions: { allow: 'Allow', deny: 'Deny', pass: 'Pass' }, portsField: 'ports', hasPriority: true },
  BaselineAdminNetworkPolicy: { actions: { allow: 'Allow', deny: 'Deny', pass: 'Pass' }, portsField: 'ports', hasPriority: false },
};

/**
 * The BaselineAdminNetworkPolicy has no priority: it is ordered as priority
 * 1000 of the Baseline tier (as Calico documents it), so after every
 * Baseline ClusterNetworkPolicy (see `precedence`).
 */
export const BASELINE_ADMIN_PRIORITY = 1000;

/**
 * A policy's ref: `namespace/name` for a NetworkPolicy, the name of a
 * ClusterNetworkPolicy, `Kind/name` for the v1alpha1 kinds, so that an
 * AdminNetworkPolicy and a ClusterNetworkPolicy of one name (as a migration
 * leaves them) stay apart: neither a namespace nor a DNS subdomain name has
 * capitals, so no ref of another kind starts like these.
 */
export function kindOfRef(ref: string): PolicyKind {
  const slash = ref.indexOf('/');
  if (slash === -1) return 'ClusterNetworkPolicy';
  const head = ref.slice(0, slash);
  return head === 'AdminNetworkPolicy' || head === 'BaselineAdminNetworkPolicy' ? head : 'NetworkPolicy';
}

function tieredKindOf(ref: string): TieredKind {
  const kind = kindOfRef(ref);
  return kind === 'NetworkPolicy' ? 'ClusterNetworkPolicy' : kind;
}

/** `ClusterNetworkPolicy deny-egress`, `AdminNetworkPolicy deny-egress`. */
export function tieredPolicyText(ref: string): string {
  const kind = tieredKindOf(ref);
  return `${kind} ${kind === 'ClusterNetworkPolicy' ? ref : ref.slice(kind.length + 1)}`;
}

/** `Admin, priority 10` (`Admin tier, priority 10` with `word`); `Baseline` for the BaselineAdminNetworkPolicy, which has no priority. */
export function tierPlaceText(ref: string, tier: string, priority: number, word = ''): string {
  return `${tier}${word}${hasPriority(ref) ? `, priority ${priority}` : ''}`;
}

/** Whether the policy's API has a priority: all tiered kinds but the BaselineAdminNetworkPolicy. */
export function hasPriority(ref: string): boolean {
  return TIERED_API[tieredKindOf(ref)].hasPriority;
}

/** The action in the words of the policy's API: `Accept` in a ClusterNetworkPolicy, `Allow` in the v1alpha1 kinds. */
export function actionText(ref: string, action: Action): string {
  return TIERED_API[tieredKindOf(ref)].actions[action];
}

/** The field a rule's port entries are in: `ports`, or a ClusterNetworkPolicy's `protocols`. */
export function portsFieldOf(ref: string): 'protocols' | 'ports' {
  const kind = kindOfRef(ref);
  return kind === 'NetworkPolicy' ? 'ports' : TIERED_API[kind].portsField;
}

function actionOf(kind: TieredKind, written: string): Action {
  const actions = TIERED_API[kind].actions;
  return (Object.keys(actions) as Action[]).find((k) => actions[k] === written)!;
}

export interface CompiledBlock {
  cidr: Range;
  except: Range[];
  /** As written: `172.17.0.0/16 except 172.17.1.0/24`. */
  text: string;
}

export interface CompiledPeer {
  /** Its index in the rule's `from`/`to`. */
  index: number;
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  /**
   * A NetworkPolicy ipBlock (one), a ClusterNetworkPolicy's `networks` (each
   * CIDR a block), or the addresses of the Nodes a `nodes` peer selects
   * (each a single-address block: node addresses are a peer's blocks once
   * the Nodes are known); none for `domainNames`.
   */
  blocks?: CompiledBlock[];
  /** Set for ClusterNetworkPolicy address peers: the API says they match pod IPs too, whatever ipBlockMatchesPods says of ipBlocks. */
  blocksMatchPods?: true;
  /** A `nodes` peer's selector, whose Nodes' addresses are `blocks`. */
  nodeSelector?: LabelSelector;
  /** A `domainNames` peer: Palisade cannot resolve names offline, so it matches no address, and verdicts it could change say so. */
  domainNames?: string[];
}

/** The Nodes a selector selects, each with its addresses (InternalIP and ExternalIP). */
export type NodesSelected = (selector: LabelSelector) => { name: string; addresses: string[] }[];

export interface CompiledRule {
  direction: Direction;
  /** Its index in `spec.ingress` or `spec.egress`. */
  index: number;
  action: Action;
  /** A ClusterNetworkPolicy rule's `name`, when written. */
  name?: string;
  /** null: the rule names no peers, so it matches every peer. */
  peers: CompiledPeer[] | null;
  /** undefined or empty: every port. */
  ports: RulePort[] | undefined;
}

export interface CompiledPolicy {
  kind: PolicyKind;
  /** See `kindOfRef`: `namespace/name`, a ClusterNetworkPolicy's name, `AdminNetworkPolicy/name`. */
  ref: string;
  tier: Tier;
  /** A tiered policy's priority in its tier (lower first); 0 for NetworkPolicies, which have none. */
  priority: number;
  /** A NetworkPolicy's namespace; '' for the cluster-scoped kinds. */
  namespace: string;
  /** The pods it selects: its own namespace's (NetworkPolicy), or those of the namespaces `namespaceSelector` selects. */
  podSelector: LabelSelector;
  namespaceSelector?: LabelSelector;
  /** Whether it isolates the pods it selects (NetworkPolicy); a tiered policy isolates nothing, its rules decide. */
  isolates: Record<Direction, boolean>;
  rules: Record<Direction, CompiledRule[]>;
  source: NetworkPolicy | TieredPolicy;
}


/** A compiled NetworkPolicy, whose `source` is one. */
export type CompiledNetworkPolicy = CompiledPolicy & { kind: 'NetworkPolicy'; source: NetworkPolicy };

export function isNetworkPolicy(p: CompiledPolicy): p is CompiledNetworkPolicy {
  return p.kind === 'NetworkPolicy';
}

/** Whether a policy takes part in a direction's decision for the pods it selects: it isolates them, or it has rules there. */
export function appliesTo(p: CompiledPolicy, direction: Direction): boolean {
  return p.kind === 'NetworkPolicy' ? p.isolates[direction] : p.rules[direction].length > 0;
}

/** What a policy selects or a peer matches: a pod (or workload template), or an address outside. */
export interface Subject {
  kind: 'pod' | 'external';
  namespace: string;
  labels: Labels;
  nsLabels: Labels;
  hostNetwork: boolean;
  addresses: Address[];
}

export function compilePolicy(np: NetworkPolicy): CompiledNetworkPolicy {
  const namespace = np.metadata.namespace ?? 'default';
  const types = effectivePolicyTypes(np.spec);
  const rules = (direction: Direction, list: { ports?: NetworkPolicyPort[]; peers?: NetworkPolicyPeer[] }[]): CompiledRule[] =>
    list.map((r, index) => ({
      direction,
      index,
      action: 'allow',
      peers: r.peers && r.peers.length > 0 ? r.peers.map(compilePeer) : null,
      ports: r.ports?.map(rulePortOf),
    }));
  return {
    kind: 'NetworkPolicy',
    ref: `${namespace}/${np.metadata.name}`,
    tier: 'namespace',
    priority: 0,
    namespace,
    podSelector: np.spec.podSelector,
    isolates: { ingress: types.includes('Ingress'), egress: types.includes('Egress') },
    rules: {
      ingress: rules('ingress', (np.spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }))),
      egress: rules('egress', (np.spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }))),
    },
    source: np,
  };
}

function compilePeer(peer: NetworkPolicyPeer, index: number): CompiledPeer {
  const out: CompiledPeer = { index };
  if (peer.podSelector) out.podSelector = peer.podSelector;
  if (peer.namespaceSelector) out.namespaceSelector = peer.namespaceSelector;
  if (peer.ipBlock) out.blocks = [compileBlock(peer.ipBlock.cidr, peer.ipBlock.except ?? [])];
  return out;
}

function compileBlock(cidrText: string, exceptTexts: readonly string[]): CompiledBlock {
  // Validated input always parses; an unparseable CIDR matches nothing rather than everything.
  const cidr = parseRange(cidrText) ?? { family: 4, lo: 1, hi: 0, text: cidrText };
  const except = exceptTexts.flatMap((e) => parseRange(e) ?? []);
  const text = except.length ? `${cidr.text} except ${except.map((e) => e.text).join(', ')}` : cidr.text;
  return { cidr, except, text };
}

/** What a tiered policy's kind says its own way; its subject and its rules' names, actions and peers are written alike in every kind. */
interface TieredParts<R> {
  tier: 'admin' | 'baseline';
  priority: number;
  /** A rule's port entries; undefined: every port. */
  portsOf: (rule: R) => RulePort[] | undefined;
}

/** A ClusterNetworkPolicy, validated: its tier, priority, subject and ordered rules; `nodes` resolves `nodes` peers. */
export function compileClusterPolicy(cnp: ClusterNetworkPolicy, nodes: NodesSelected): CompiledPolicy {
  return compileTiered(cnp, cnp.metadata.name ?? '', nodes, {
    tier: cnp.spec.tier === 'Admin' ? 'admin' : 'baseline',
    priority: cnp.spec.priority,
    portsOf: (r: { protocols?: ClusterNetworkPolicyProtocol[] }) => r.protocols?.map(compileProtocol),
  });
}

/**
 * An AdminNetworkPolicy (Admin tier, by its priority) or the
 * BaselineAdminNetworkPolicy (Baseline tier, see BASELINE_ADMIN_PRIORITY),
 * validated: v1alpha1 says what v1alpha2 says, in other words (`Allow` for
 * `Accept`, `ports` for `protocols`; its peers have the same fields).
 */
export function compileAdminPolicy(policy: AdminNetworkPolicy | BaselineAdminNetworkPolicy, nodes: NodesSelected): CompiledPolicy {
  return compileTiered(policy, `${policy.kind}/${policy.metadata.name ?? ''}`, nodes, {
    tier: policy.kind === 'AdminNetworkPolicy' ? 'admin' : 'baseline',
    priority: policy.kind === 'AdminNetworkPolicy' ? policy.spec.priority : BASELINE_ADMIN_PRIORITY,
    portsOf: (r: { ports?: AdminNetworkPolicyPort[] }) => r.ports?.map(compileAdminPort),
  });
}

/** A tiered policy of any kind. */
export function compileTieredPolicy(policy: TieredPolicy, nodes: NodesSelected): CompiledPolicy {
  return policy.kind === 'ClusterNetworkPolicy' ? compileClusterPolicy(policy, nodes) : compileAdminPolicy(policy, nodes);
}

/** A rule of a tiered policy's spec, ingress or egress. */
type TieredRule<P extends TieredPolicy> = NonNullable<P['spec']['ingress']>[number] | NonNullable<P['spec']['egress']>[number];

function compileTiered<P extends TieredPolicy>(source: P, ref: string, nodes: NodesSelected, parts: TieredParts<TieredRule<P>>): CompiledPolicy {
  const { spec } = source;
  const subject = spec.subject.pods ?? { namespaceSelector: spec.subject.namespaces ?? {}, podSelector: {} };
  const rules = (direction: Direction): CompiledRule[] =>
    ((spec[direction] ?? []) as TieredRule<P>[]).map((r, index) => ({
      direction,
      index,
      action: actionOf(source.kind, r.action),
      ...(r.name ? { name: r.name } : {}),
      peers: ('from' in r ? r.from : r.to).map((peer: ClusterNetworkPolicyPeer, i: number) => compileClusterPeer(peer, i, nodes)),
      ports: parts.portsOf(r),
    }));
  return {
    kind: source.kind,
    ref,
    tier: parts.tier,
    priority: parts.priority,
    namespace: '',
    podSelector: subject.podSelector,
    namespaceSelector: subject.namespaceSelector ?? {},
    isolates: { ingress: false, egress: false },
    rules: { ingress: rules('ingress'), egress: rules('egress') },
    source,
  };
}

function compileClusterPeer(peer: ClusterNetworkPolicyPeer, index: number, nodes: NodesSelected): CompiledPeer {
  if (peer.namespaces) return { index, namespaceSelector: peer.namespaces };
  if (peer.pods) return { index, namespaceSelector: peer.pods.namespaceSelector ?? {}, podSelector: peer.pods.podSelector };
  if (peer.nodes) {
    const blocks = nodes(peer.nodes).flatMap((n) =>
      n.addresses.flatMap((text) => {
        const a = parseAddress(text);
        return a ? [{ cidr: { family: a.family, lo: a.value, hi: a.value, text: `${a.text}/${a.family === 4 ? 32 : 128}` }, except: [], text: `${n.name} ${a.text}` }] : [];
      }),
    );
    return { index, blocks, blocksMatchPods: true, nodeSelector: peer.nodes };
  }
  if (peer.domainNames) return { index, blocks: [], blocksMatchPods: true, domainNames: peer.domainNames };
  return { index, blocks: (peer.networks ?? []).map((n) => compileBlock(n, [])), blocksMatchPods: true };
}

/**
 * A v1alpha1 port entry. Its `protocol` is any string, TCP when left out (the
 * CRD's default, which the API server writes in); one that is not TCP, UDP or SCTP, like a range whose start is above
 * its end (which the CRD also takes), matches no traffic (see ports.ts).
 */
function compileAdminPort(p: AdminNetworkPolicyPort): RulePort {
  if (p.namedPort !== undefined) return { protocol: 'any', port: p.namedPort };
  if (p.portRange) return { protocol: p.portRange.protocol ?? 'TCP', port: p.portRange.start, endPort: p.portRange.end };
  return { protocol: p.portNumber!.protocol ?? 'TCP', port: p.portNumber!.port };
}

function compileProtocol(p: ClusterNetworkPolicyProtocol): RulePort {
  if (p.destinationNamedPort !== undefined) return { protocol: 'any', port: p.destinationNamedPort };
  const [protocol, match] = p.tcp ? ['TCP', p.tcp] : p.udp ? ['UDP', p.udp] : ['SCTP', p.sctp];
  const port = match?.destinationPort;
  if (port?.range) return { protocol: protocol as Protocol, port: port.range.start, endPort: port.range.end };
  return { protocol: protocol as Protocol, ...(port?.number !== undefined ? { port: port.number } : {}) };
}

/** Rule 1 and 12: a policy selects pods of its namespace (or of the namespaces it selects) by label; never host-network pods. */
export function policySelects(policy: CompiledPolicy, s: Subject): boolean {
  if (s.kind !== 'pod' || s.hostNetwork) return false;
  const inNamespace = policy.namespaceSelector ? selectorMatches(policy.namespaceSelector, s.nsLabels) : s.namespace === policy.namespace;
  return inNamespace && selectorMatches(policy.podSelector, s.labels);
}

export function blockContains(b: CompiledBlock, a: Address): boolean {
  return rangeContains(b.cidr, a) && !b.except.some((e) => rangeContains(e, a));
}

/**
 * Rule 6. Selector peers match pods only (not addresses outside, not
 * host-network pods, whose traffic carries the node's address); ipBlock
 * matches addresses, and pod IPs when `ipBlockMatchesPods`; networks match
 * any address, pod IPs included.
 */
export function peerMatches(peer: CompiledPeer, policyNamespace: string, s: Subject, ipBlockMatchesPods: boolean): boolean {
  if (peer.blocks) {
    if (s.kind === 'pod' && !s.hostNetwork && !ipBlockMatchesPods && !peer.blocksMatchPods) return false;
    return s.addresses.some((a) => peer.blocks!.some((b) => blockContains(b, a)));
  }
  if (s.kind === 'external' || s.hostNetwork) return false;
  if (peer.namespaceSelector ? !selectorMatches(peer.namespaceSelector, s.nsLabels) : s.namespace !== policyNamespace) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, s.labels);
}

/** Why `peerMatches` is false, in words a user can act on. */
export function peerMiss(peer: CompiledPeer, policyNamespace: string, s: Subject, who: string, ipBlockMatchesPods: boolean): string {
  if (peer.domainNames) return `domainNames ${peer.domainNames.join(', ')} cannot be resolved offline: Palisade does not know which addresses they name`;
  if (peer.nodeSelector) {
    const nodes = `nodes ${selectorText(peer.nodeSelector)}`;
    if (peer.blocks!.length === 0) return `${nodes} selects no Node that has an address`;
    if (s.addresses.length === 0) return `${who} has no IP, so ${nodes} cannot match it`;
    return `${s.addresses.map((a) => a.text).join(', ')} is not an address of the Nodes that ${nodes} selects: ${peer.blocks!.map((b) => b.text).join(', ')}`;
  }
  if (peer.blocks) {
    const field = peer.blocksMatchPods ? 'networks' : 'ipBlock';
    const text = peer.blocks.map((b) => b.text).join(', ');
    if (s.kind === 'pod' && !s.hostNetwork && !ipBlockMatchesPods && !peer.blocksMatchPods) return `ipBlock ${text} is not matched against pod IPs (ipBlock-matches-pods is off)`;
    if (s.addresses.length === 0) return `${who} has no IP, so ${field} ${text} cannot match it`;
    for (const b of peer.blocks) {
      const excepted = s.addresses.flatMap((a) => (rangeContains(b.cidr, a) ? b.except.filter((e) => rangeContains(e, a)).map((e) => `${a.text} is in except ${e.text}`) : []));
      if (excepted.length) return `${excepted[0]} of ${field} ${b.cidr.text}`;
    }
    return `${s.addresses.map((a) => a.text).join(', ')} not in ${field} ${peer.blocks.map((b) => b.cidr.text).join(', ')}`;
  }
  if (s.kind === 'external') return `${who} is outside the cluster; only ipBlock peers match it`;
  if (s.hostNetwork) return `${who} uses the host network; only ipBlock peers match it`;
  if (peer.namespaceSelector) {
    const misses = selectorMisses(peer.namespaceSelector, s.nsLabels, `namespace '${s.namespace}'`);
    if (misses.length) return `${misses.join('; ')} (namespaceSelector ${selectorText(peer.namespaceSelector)})`;
  } else if (s.namespace !== policyNamespace) {
    return `${who} is in namespace '${s.namespace}'; a podSelector alone selects pods in the policy's namespace '${policyNamespace}'`;
  }
  const misses = peer.podSelector ? selectorMisses(peer.podSelector, s.labels, who) : [];
  return misses.length ? `${misses.join('; ')} (podSelector ${selectorText(peer.podSelector)})` : 'matches';
}
