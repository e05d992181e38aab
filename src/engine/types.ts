/**
 * What the engine answers in: endpoints, port queries and verdicts. The JSON
 * form of a Verdict is a public contract (`palisade check --flows -o json`):
 * add fields, never rename or remove them.
 */
import type { Labels } from '../model/objects.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export interface PortQuery {
  protocol: Protocol;
  port: number;
  /**
   * Set on the ports of interest that stand for a whole run `port`..`endPort`
   * of an endPort range, in which every port is decided alike: `port` is asked.
   */
  endPort?: number;
}

/** A container port a destination serves under a name, for named-port rules. */
export interface NamedPort {
  name: string;
  protocol: Protocol;
  port: number;
}

/** A pod, or a workload's pod template standing for its pods. */
export interface PodEndpoint {
  kind: 'pod' | 'workload';
  /** `namespace/name` for a pod, `namespace/kind/name` for a workload (`default/deployment/web`). */
  ref: string;
  namespace: string;
  name: string;
  labels: Labels;
  /** Canonical IP texts; none for workloads and for pods not yet given an IP. */
  ips: string[];
  node?: string;
  hostNetwork: boolean;
  namedPorts: NamedPort[];
  /** Every container port it serves, named or not: the ports worth asking about. */
  servedPorts?: PortQuery[];
  /** For workloads that scale by replicas: how many pods it stands for. Unset for DaemonSets, Jobs and CronJobs. */
  replicas?: number;
  /** For pods: the controller named in ownerReferences (the ReplicaSet of a Deployment's pod). */
  controller?: { kind: string; name: string };
  /** For pods: the workload of the input they belong to, top of the controller chain (`default/deployment/web`). */
  owner?: string;
}

/** An address that is no pod's: outside the cluster, or a node. */
export interface ExternalEndpoint {
  kind: 'external';
  /** The canonical IP text. */
  ref: string;
  ip: string;
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

export type Direction = 'ingress' | 'egress';
export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** One rule's part in a decision: which policy, rule, peer and port entry. */
export interface RuleRef {
  /** `namespace/name` for a NetworkPolicy, the name of a ClusterNetworkPolicy. */
  policy: string;
  /** Set for a ClusterNetworkPolicy's rule: its tier, priority, action and name (when written). */
  tier?: 'admin' | 'baseline';
  priority?: number;
  action?: 'allow' | 'deny' | 'pass';
  name?: string;
  direction: Direction;
  /** Index in `spec.ingress` or `spec.egress`. */
  rule: number;
  /** Index in `from`/`to`; null when the rule has no peers (all peers). */
  peer: number | null;
  /** Index in `ports` (`protocols` of a ClusterNetworkPolicy); null when the rule has no ports (all ports). */
  port: number | null;
}

/** Why one rule of an isolating policy did not allow a connection. */
export interface RuleMiss {
  rule: number;
  peerMatched: boolean;
  portMatched: boolean;
  /** Plain-language reasons, closest miss first; left out when the caller asked for none (check --flows). */
  reasons?: string[];
}

export interface PolicyMiss {
  policy: string;
  /** Empty when the policy has no rules in this direction: it only isolates. */
  rules: RuleMiss[];
}

/** A ClusterNetworkPolicy rule the walk passed over that would have decided otherwise, had it matched. */
export interface ClusterRuleMiss extends RuleMiss {
  policy: string;
  tier: 'admin' | 'baseline';
  priority: number;
  action: 'allow' | 'deny' | 'pass';
  name?: string;
}

export type SideReason =
  /** The endpoint is not selected by any policy of this direction. */
  | 'not-isolated'
  /** Isolated, and a rule allows it (see allowedBy). */
  | 'allowed-by-rule'
  /** Isolated, and no rule allows it (see denials). */
  | 'no-rule-matched'
  /** A ClusterNetworkPolicy rule denies it (see deniedBy). */
  | 'denied-by-rule'
  /** The endpoint is outside the cluster: it has no policies. */
  | 'external'
  /** Host-network pods are not selected by policies. */
  | 'host-network'
  /** A pod cannot block traffic to itself. */
  | 'self'
  /** Traffic between a pod and a host-network pod of its own node is always allowed. */
  | 'node-local';

/**
 * One side's decision: egress at the source, ingress at the destination.
 * Sides of one decision the engine reused (sides settled before any rule, and
 * every side in batches without words) share their `policies`, `allowedBy`
 * and `denials` arrays and differ only in `endpoint`.
 */
export interface SideVerdict {
  direction: Direction;
  /** The endpoint whose policies decide this side. */
  endpoint: string;
  allowed: boolean;
  isolated: boolean;
  reason: SideReason;
  /** The policies that isolate the endpoint in this direction (`namespace/name`). */
  policies: string[];
  /** Every rule that allows the connection (when allowed by rule). */
  allowedBy: RuleRef[];
  /** For every isolating policy, why none of its rules matched (when denied). */
  denials: PolicyMiss[];
  /** The rule that denies it (when denied by rule). */
  deniedBy?: RuleRef;
  /**
   * Which tier decided: a ClusterNetworkPolicy tier (`admin`, `baseline`),
   * the NetworkPolicies (`namespace`), or none (`default`: nothing decided,
   * so allowed; also the cases settled before any policy, see `reason`).
   */
  tier: 'admin' | 'namespace' | 'baseline' | 'default';
  /** What the deciding tier did: `allow` or `deny` (as `allowed`), in the words of the tiers. */
  action: 'allow' | 'deny';
  /** ClusterNetworkPolicy rules that passed it on to the next tier, in the order they applied. */
  passedBy?: RuleRef[];
  /**
   * The ClusterNetworkPolicy rules of the tiers that were asked, in the order
   * they were walked, that did not match and would have decided otherwise:
   * Accept and Pass rules for a denied side, Deny rules for an allowed one;
   * each with why it did not match, closest part first.
   */
  missedBy?: ClusterRuleMiss[];
  /**
   * Set on a denying egress side to an address outside the cluster when an
   * Accept rule to `domainNames` would have allowed it if a name resolves
   * to that address, which Palisade cannot know offline: those rules, with
   * the domainNames peer. The side is denied only if none does.
   */
  unknownBy?: RuleRef[];
}

export interface Verdict {
  allowed: boolean;
  /** Set when the answer depends on domain names Palisade cannot resolve (see SideVerdict.unknownBy): `allowed` is then false, but may be true. */
  unknown?: true;
  egress: SideVerdict;
  ingress: SideVerdict;
}
