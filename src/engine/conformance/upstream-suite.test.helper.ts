/**
 * What the transcriptions of kubernetes-sigs/network-policy-api's conformance
 * suites (conformance/tests/*.go) are made of, shared by both versions
 * Palisade runs: ClusterNetworkPolicy (v1alpha2,
 * cluster-network-policy-suite.test.helper.ts) and AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy (v1alpha1 at v0.1.8,
 * admin-network-policy-suite.test.helper.ts). Each transcription states every
 * ConformanceTest, every t.Run subtest, every change it makes and every
 * kubernetes.PokeServer call, in upstream's order and with the expected value
 * upstream states (the subtests both versions share are transcribed once, in
 * ./upstream-tests.test.helper.ts); the YAML the tests apply is vendored next
 * to it (FILES, with the upstream commit); the cluster the suite's Setup
 * creates is modelled in ./upstream-model.test.helper.ts.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 *
 * How to run a case as upstream does (upstream-case.test.helper.ts does it):
 * - Start from the model (base/manifests.yaml: namespaces and pods) as it was
 *   created, then apply the case's `manifests`.
 * - Run the subtests in order, and each subtest's steps in order: apply the
 *   step's mutations to the objects as they are now, then check its pokes.
 *   Changes stay in effect for the rest of the case (upstream's subtests share
 *   one cluster and each Patch starts from the object it fetches, so a swap of
 *   rules 0 and 2 after a swap of rules 0 and 1 moves the rules the first swap
 *   moved). Nothing carries over from one case to the next.
 * - A poke from `from` to `to` on protocol/port is upstream's
 *   `agnhost connect` from the client pod to the server pod's Status.PodIP
 *   (for a host-network pod, its node's IP). `allowed: false` means upstream
 *   expects the connection to time out (dropped), not to be refused.
 * - A subtest with `needs` depends on something a runner may not have; a
 *   runner without it skips the subtest and prints `needs.why`.
 */

export type Channel = 'standard' | 'experimental';

/** `namespace/pod`, e.g. `network-policy-conformance-gryffindor/harry-potter-0`. */
export type PodName = string;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One kubernetes.PokeServer call. */
export interface Poke {
  /** The client pod (upstream execs `agnhost connect` in its client container). */
  from: PodName;
  /** The server pod; upstream connects to its Status.PodIP. Every upstream poke targets a pod (centaur-* are host-network pods). */
  to: PodName;
  protocol: Protocol;
  port: number;
  /** Upstream's expected value: true = connects, false = times out. */
  allowed: boolean;
}

/** A Kubernetes object as plain JSON (a parsed manifest). */
export type Manifest = Record<string, unknown>;

/** What mutations need to know about the cluster they run against (the model, or a lab's real cluster). */
export interface ModelInfo {
  /** The pod's Status.PodIP. */
  podIP(pod: PodName): string;
}

export type PolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

export type MutableKind = PolicyKind | 'NetworkPolicy' | 'Namespace';

/**
 * A change upstream makes between pokes.
 * - `patch`: upstream fetches the object, changes a deep copy and patches the
 *   object to that copy (client.MergeFrom: a JSON merge patch, which replaces
 *   lists whole, so the result is the changed copy). `apply` gets a deep copy
 *   of the object as it is now and changes it in place the way the Go code
 *   does; the runner then replaces the object with it.
 * - `delete`: upstream deletes the object.
 * `what` says what the change is, for messages.
 */
export type Mutation =
  | {
      /** The object's name, as upstream names it. */
      patch: string;
      kind: MutableKind;
      namespace?: string;
      what: string;
      apply: (obj: Manifest, cluster: ModelInfo) => void;
    }
  | { delete: { kind: MutableKind; name: string; namespace?: string }; what: string };

/** Mutations, then pokes. Most subtests are one step; one changes a namespace's labels between pokes. */
export interface Step {
  mutations: Mutation[];
  pokes: Poke[];
}

/** Something beyond namespaces, pods and policies that a subtest's verdicts depend on. */
export interface Needs {
  /** `nodes`: Node objects, node peers (`nodes:` selectors) and host-network pods whose IP is their node's. */
  what: 'nodes';
  why: string;
}

export interface Subtest {
  /** The t.Run text. */
  name: string;
  steps: Step[];
  needs?: Needs;
}

export interface ConformanceCase {
  /** The ConformanceTest's ShortName. */
  shortName: string;
  /** experimental when a feature of the test is not in upstream's StandardFeatures (features.go). */
  channel: Channel;
  /** The test's Features (upstream skips the test unless the implementation supports all of them). */
  features: string[];
  /** Keys of FILES, applied in order after the model. */
  manifests: string[];
  subtests: Subtest[];
}

/** One version of the suite: its transcription and what was vendored for it (the generated files.ts of its folder). */
export interface ConformanceSuite {
  /** What the suite tests, for test names: `ClusterNetworkPolicy`. */
  title: string;
  /** The API group version of its policies, with the kinds it applies. */
  policyKinds: Readonly<Record<string, string>>;
  upstream: { readonly repository: string; readonly ref: string; readonly commit: string; readonly hostNetworkPorts: readonly number[] };
  /** The vendored YAML, keyed as the tests name it; `base/manifests.yaml` is what Setup applies. */
  files: Readonly<Record<string, string>>;
  cases: ConformanceCase[];
}

// --- Pods, ports ----------------------------------------------------------------

const GRYFFINDOR = 'network-policy-conformance-gryffindor';
export const SLYTHERIN = 'network-policy-conformance-slytherin';
const HUFFLEPUFF = 'network-policy-conformance-hufflepuff';
const RAVENCLAW = 'network-policy-conformance-ravenclaw';
const FORBIDDEN_FORREST = 'network-policy-conformance-forbidden-forrest';

export const HARRY_0 = `${GRYFFINDOR}/harry-potter-0`;
export const HARRY_1 = `${GRYFFINDOR}/harry-potter-1`;
export const DRACO_0 = `${SLYTHERIN}/draco-malfoy-0`;
export const DRACO_1 = `${SLYTHERIN}/draco-malfoy-1`;
export const CEDRIC_0 = `${HUFFLEPUFF}/cedric-diggory-0`;
export const CEDRIC_1 = `${HUFFLEPUFF}/cedric-diggory-1`;
export const LUNA_0 = `${RAVENCLAW}/luna-lovegood-0`;
export const LUNA_1 = `${RAVENCLAW}/luna-lovegood-1`;
/** Host-network pod: its Status.PodIP is its node's IP. */
export const CENTAUR_1 = `${FORBIDDEN_FORREST}/centaur-1`;

/** s.HostNetworkPorts[i] of a suite, as it sets them by default (its YAML was rendered with the same values). */
export function hostPortOf(hostNetworkPorts: readonly number[], i: number): number {
  const port = hostNetworkPorts[i];
  if (port === undefined) throw new Error(`HostNetworkPorts[${i}] does not exist`);
  return port;
}

export const tcp = (from: PodName, to: PodName, port: number, allowed: boolean): Poke => ({ from, to, protocol: 'TCP', port, allowed });
export const udp = (from: PodName, to: PodName, port: number, allowed: boolean): Poke => ({ from, to, protocol: 'UDP', port, allowed });
export const sctp = (from: PodName, to: PodName, port: number, allowed: boolean): Poke => ({ from, to, protocol: 'SCTP', port, allowed });

/** A subtest of one step. */
export function subtest(name: string, mutations: Mutation[], pokes: Poke[], needs?: Needs): Subtest {
  return needs ? { name, steps: [{ mutations, pokes }], needs } : { name, steps: [{ mutations, pokes }] };
}

export const NODE_PEERS: Needs = {
  what: 'nodes',
  why: 'pokes host-network pod centaur-1 (its pod IP is its node IP) under a policy with `nodes:` peers',
};

// --- Mutations ------------------------------------------------------------------

export type Gress = 'ingress' | 'egress';

function record(value: unknown, what: string): Manifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Manifest;
}

/** spec.ingress or spec.egress: upstream's mutate.Spec.Ingress / .Egress. */
function rulesOf(obj: Manifest, gress: Gress): unknown[] {
  const rules = record(obj['spec'], 'spec')[gress];
  if (!Array.isArray(rules)) throw new Error(`spec.${gress} is not a list`);
  return rules;
}

function ruleOf(obj: Manifest, gress: Gress, i: number): Manifest {
  return record(rulesOf(obj, gress)[i], `spec.${gress}[${i}]`);
}

/** `x := rules[i]; rules[i] = rules[j]; rules[j] = x` */
function swap(obj: Manifest, gress: Gress, i: number, j: number): void {
  const rules = rulesOf(obj, gress);
  if (i >= rules.length || j >= rules.length) throw new Error(`spec.${gress} has no rule ${Math.max(i, j)}`);
  [rules[i], rules[j]] = [rules[j], rules[i]];
}

/** A patch of a policy (cluster-scoped: no namespace). */
const policyPatch = (kind: PolicyKind, name: string, what: string, apply: (obj: Manifest, cluster: ModelInfo) => void): Mutation => ({
  patch: name,
  kind,
  what,
  apply,
});

/** Swap rules i and j of one direction. */
export const swapRules = (kind: PolicyKind, name: string, gress: Gress, i: number, j: number): Mutation =>
  policyPatch(kind, name, `swap ${gress} rules ${i} and ${j}`, (obj) => swap(obj, gress, i, j));

/** Swap rules i and j of both directions, in one patch. */
export const swapBoth = (kind: PolicyKind, name: string, i: number, j: number): Mutation =>
  policyPatch(kind, name, `swap egress rules ${i} and ${j}, and ingress rules ${i} and ${j}`, (obj) => {
    swap(obj, 'egress', i, j);
    swap(obj, 'ingress', i, j);
  });

/** `mutate.Spec.Ingress[i].Action = ...` */
export const setAction = (kind: PolicyKind, name: string, gress: Gress, i: number, action: string): Mutation =>
  policyPatch(kind, name, `${gress} rule ${i} action ${action}`, (obj) => {
    ruleOf(obj, gress, i)['action'] = action;
  });

/** `mutate.Spec.Priority = priority` */
export const setPriority = (kind: PolicyKind, name: string, priority: number): Mutation =>
  policyPatch(kind, name, `priority ${priority}`, (obj) => {
    record(obj['spec'], 'spec')['priority'] = priority;
  });

/** How a kind spells the action that allows: v1alpha2's Accept, v1alpha1's Allow. */
const allowOf = (kind: PolicyKind): string => (kind === 'ClusterNetworkPolicy' ? 'Accept' : 'Allow');

/**
 * The named-port tests' rewrite of a rule's ports as one named port:
 * v1alpha2's `rule.Protocols = []ClusterNetworkPolicyProtocol{{DestinationNamedPort: port}}`,
 * v1alpha1's `rule.Ports = &[]AdminNetworkPolicyPort{{NamedPort: &port}}`.
 */
export const namedPortRule = (kind: PolicyKind, name: string, gress: Gress, i: number, port: string): Mutation =>
  policyPatch(kind, name, `${gress} rule ${i} matches named port ${port} only`, (obj) => {
    const rule = ruleOf(obj, gress, i);
    if (kind === 'ClusterNetworkPolicy') rule['protocols'] = [{ destinationNamedPort: port }];
    else rule['ports'] = [{ namedPort: port }];
  });

/**
 * The inline-CIDR tests' insertion at index 0 of
 * `{name: allow-egress-to-specific-podIPs, action: Allow, to: [{networks: [<luna-lovegood-0 IP>/32, <cedric-diggory-0 IP>/32]}]}`
 * (Accept in v1alpha2; /128 if luna-lovegood-0's IP is IPv6: upstream picks
 * the mask from it alone).
 */
export const allowSpecificPodIPs = (kind: PolicyKind, name: string): Mutation =>
  policyPatch(kind, name, 'insert egress rule 0 allow-egress-to-specific-podIPs (luna-lovegood-0, cedric-diggory-0)', (obj, cluster) => {
    const ravenclaw = cluster.podIP(LUNA_0);
    const hufflepuff = cluster.podIP(CEDRIC_0);
    const mask = ravenclaw.includes(':') ? '/128' : '/32';
    const newRule = { name: 'allow-egress-to-specific-podIPs', action: allowOf(kind), to: [{ networks: [ravenclaw + mask, hufflepuff + mask] }] };
    rulesOf(obj, 'egress').unshift(newRule);
  });

/**
 * `mutateNamespace.SetLabels(labels)`, patched: the labels become exactly
 * these, except `kubernetes.io/metadata.name`, which the merge patch removes
 * and the API server puts back on every update of a namespace.
 */
export const setNamespaceLabels = (namespace: string, labels: Record<string, string>): Mutation => ({
  patch: namespace,
  kind: 'Namespace',
  what: `set the labels of namespace ${namespace} to ${JSON.stringify(labels)}`,
  apply: (obj) => {
    record(obj['metadata'], 'metadata')['labels'] = { ...labels, 'kubernetes.io/metadata.name': namespace };
  },
});

/** The integration tests' `s.Client.Delete(ctx, np)` of the NetworkPolicy that stands between the admin and baseline tiers. */
export const deleteIntegrationNetworkPolicy = (baseline: string): Mutation => ({
  delete: { kind: 'NetworkPolicy', name: 'allow-gress-from-to-slytherin-to-gryffindor', namespace: GRYFFINDOR },
  what: `delete the NetworkPolicy so that the ${baseline} takes effect`,
});
