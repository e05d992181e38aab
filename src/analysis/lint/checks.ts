/**
 * The lint checks: a stable ID, a short name, a default severity and what
 * each one means, in one place for the runner, the config, SARIF and docs.
 * IDs and names never change meaning; retired ones are never reused.
 */
export type LintSeverity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly LintSeverity[] = ['error', 'warning', 'info'];

export interface CheckInfo {
  id: string;
  name: string;
  severity: LintSeverity;
  /** One line: what the check finds. */
  summary: string;
  /** Why it matters, for SARIF's full description and help. */
  why: string;
}

export const CHECKS = [
  {
    id: 'PAL001',
    name: 'policy-selects-nothing',
    severity: 'warning',
    summary: 'A policy whose podSelector selects no known pod or workload of its namespace, or a ClusterNetworkPolicy whose subject selects no namespace or no known pod.',
    why: 'A policy that selects nothing isolates and allows nothing: usually a label typo or the wrong namespace.',
  },
  {
    id: 'PAL002',
    name: 'peer-selects-nothing',
    severity: 'warning',
    summary: 'A from/to peer (a ClusterNetworkPolicy\'s namespaces or pods too) whose namespaceSelector matches no namespace, or whose podSelector matches no pod in the namespaces it covers (the cluster DNS counts even when the input lacks it), or a nodes peer that selects no Node of the input.',
    why: 'A peer that matches nothing allows nothing (or, in a ClusterNetworkPolicy, denies or passes nothing): the traffic the rule was written for is left to whatever comes next.',
  },
  {
    id: 'PAL003',
    name: 'named-port-undefined',
    severity: 'error',
    summary: 'A named port that no pod the rule can reach defines (with that protocol).',
    why: 'A named port is looked up on the destination pod; where no destination defines it, the port entry never matches.',
  },
  {
    id: 'PAL004',
    name: 'peer-split-selectors',
    severity: 'warning',
    summary: 'A namespaceSelector and a podSelector given as two peers of one rule, where one peer with both was probably meant.',
    why: 'Two list items are an OR: every pod of the selected namespaces, or the selected pods of the policy\'s own namespace. One item with both selectors is an AND.',
  },
  {
    id: 'PAL005',
    name: 'ipblock-covers-pods',
    severity: 'warning',
    summary: 'An ipBlock (less its excepts) that contains the IP of a known pod.',
    why: 'Pod IPs change whenever pods are rescheduled; select pods by label instead. 0.0.0.0/0 and ::/0 (the internet) are reported one step gentler.',
  },
  {
    id: 'PAL006',
    name: 'egress-blocks-dns',
    severity: 'warning',
    summary: 'Pods isolated for egress whose rules let them connect somewhere but not to the cluster DNS (by default kube-dns in kube-system on 53/UDP and 53/TCP; lint.dns in the config).',
    why: 'Without DNS the pods cannot resolve the service names they were allowed to reach.',
  },
  {
    id: 'PAL007',
    name: 'redundant',
    severity: 'info',
    summary: 'A rule, or a whole policy, that allows nothing beyond what other rules already allow to the same pods.',
    why: 'Redundant rules make policies harder to review and often show a belief that rules restrict each other (they only add).',
  },
  {
    id: 'PAL008',
    name: 'allows-everything',
    severity: 'warning',
    summary: 'A rule that allows every peer on every port, or a peer namespaceSelector: {} with no port limit, where that is likely a surprise.',
    why: 'An empty from/to or ports list, or an empty namespaceSelector, means "all", not "none": the rule undoes the isolation around it.',
  },
  {
    id: 'PAL009',
    name: 'namespace-without-default-deny',
    severity: 'info',
    summary: 'A namespace with pods but no default deny for ingress or for egress: a NetworkPolicy with podSelector: {}, or an Admin or Baseline Deny of every peer over all its pods.',
    why: 'Without a default deny, a new pod, or a pod whose labels change, is open in that direction until someone writes a policy for it.',
  },
  {
    id: 'PAL010',
    name: 'rules-ignored',
    severity: 'warning',
    summary: 'Ingress or egress rules of a policy whose policyTypes leave that direction out, so the rules never apply.',
    why: 'A policy only applies its rules in the directions it isolates: with policyTypes [Ingress], egress rules are ignored.',
  },
  {
    id: 'PAL011',
    name: 'rule-shadowed',
    severity: 'warning',
    summary: 'A ClusterNetworkPolicy rule that no traffic reaches: earlier rules of its tier (of its policy, or of policies before it) decide all it matches, for every pod it applies to.',
    why: 'Within a tier the first rule that matches decides: a rule placed after broader ones never applies, and the traffic it names gets their action instead.',
  },
  {
    id: 'PAL012',
    name: 'pass-allows-by-default',
    severity: 'info',
    summary: 'A Pass that means Accept: an Admin Pass whose traffic no NetworkPolicy isolates and no Baseline rule matches, for the pods it applies to; any Baseline Pass.',
    why: 'Pass hands the decision on; where nothing below decides, the default allows. Accept says so plainly, or the tier below lacks the policy that was meant to decide.',
  },
  {
    id: 'PAL013',
    name: 'same-priority-conflict',
    severity: 'warning',
    summary: 'Two ClusterNetworkPolicies of one tier at the same priority that apply to the same pods and decide some of the same traffic differently.',
    why: 'The API leaves the order of equal priorities to implementations: the outcome can differ between them. Palisade applies them by name.',
  },
  {
    id: 'PAL014',
    name: 'baseline-deny-overridden',
    severity: 'info',
    summary: 'A Baseline Deny rule all of whose pods NetworkPolicies isolate in that direction, so it never takes effect.',
    why: 'The Baseline tier is consulted only for pods no NetworkPolicy isolates: where NetworkPolicies isolate, they decide, and what they allow stays allowed.',
  },
] as const satisfies readonly CheckInfo[];

export type CheckId = (typeof CHECKS)[number]['id'];

const BY_KEY = new Map<string, CheckInfo>(CHECKS.flatMap((c) => [[c.id.toLowerCase(), c] as const, [c.name, c] as const]));

/** A check by ID (any case) or name; undefined when there is none. */
export function findCheck(key: string): CheckInfo | undefined {
  return BY_KEY.get(key.trim().toLowerCase());
}

export function checkInfo(id: CheckId): CheckInfo {
  return BY_KEY.get(id.toLowerCase())!;
}

/** How severe: higher is worse. */
export function severityRank(s: LintSeverity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}
