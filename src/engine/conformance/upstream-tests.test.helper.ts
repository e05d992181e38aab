/**
 * The tests the two versions of network-policy-api's conformance suite that
 * Palisade runs have in common, transcribed once. v0.1.8's tests of
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1:
 * AdminNetworkPolicyEgressTCP, BaselineAdminNetworkPolicyGress, ...) were
 * carried over to ClusterNetworkPolicy (v1alpha2: CNPAdminTierEgressTCP,
 * CNPBaselineTierGress, ...): the same Go files, policies of the same names
 * with the same rules in the same order (v1alpha1's Allow is v1alpha2's
 * Accept), the same subtests, changes and pokes. Each function below is one
 * upstream test's subtests, for either version: `v` says which kinds its
 * policies are and what differs (a few subtest names, the inline-CIDR tests'
 * relabelling of slytherin, which came later). The suites
 * (cluster-network-policy-suite.test.helper.ts,
 * admin-network-policy-suite.test.helper.ts) list their tests with these
 * subtests, and their suite tests hold each against what the vendor script
 * read out of that version's Go source (t.Run names, Patch and Delete calls,
 * every PokeServer call).
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 *
 * The rule layouts in the comments name actions as v1alpha1 does (Allow).
 * The comments next to pokes are upstream's comments, shortened; where an
 * upstream comment disagrees with the code (a wrong rule index, port or pod
 * name, copied from another test), the comment here follows the code and the
 * YAML, and says so. Both versions carry the same comments.
 */
import {
  allowSpecificPodIPs,
  CEDRIC_0,
  CEDRIC_1,
  CENTAUR_1,
  deleteIntegrationNetworkPolicy,
  DRACO_0,
  DRACO_1,
  HARRY_0,
  HARRY_1,
  hostPortOf,
  LUNA_0,
  LUNA_1,
  namedPortRule,
  NODE_PEERS,
  type PodName,
  type PolicyKind,
  sctp,
  setAction,
  setNamespaceLabels,
  setPriority,
  SLYTHERIN,
  type Step,
  type Subtest,
  subtest,
  swapBoth,
  swapRules,
  tcp,
  udp,
} from './upstream-suite.test.helper.js';

/** What one version of the suite says differently. */
export interface Version {
  /** The kind of the admin tests' policies: AdminNetworkPolicy (v1alpha1) or ClusterNetworkPolicy (v1alpha2). */
  admin: PolicyKind;
  /** The kind of the baseline tests' policies (all named `default`): BaselineAdminNetworkPolicy or ClusterNetworkPolicy. */
  baseline: PolicyKind;
  /** s.HostNetworkPorts as the suite sets it by default (its YAML was rendered with the same values). */
  hostNetworkPorts: readonly number[];
  /** How the integration and priority tests' subtest names call the tiers' policies. */
  names: { admin: string; baseline: string; baselineShort: string };
  /** Whether the inline-CIDR tests' first subtest also relabels slytherin's namespace away and back (not yet in v0.1.8). */
  inlineCIDRRelabelsSlytherin: boolean;
}

/** s.HostNetworkPorts[i] of the version. */
const hostPort = (v: Version, i: number): number => hostPortOf(v.hostNetworkPorts, i);

/**
 * The two subtests of the inline-CIDR tests (admin and baseline), which
 * differ only in the policy (inline-cidr-as-peers-example / default) and
 * file: egress of gryffindor is [0: Allow to slytherin pods, 1: Deny to
 * 0.0.0.0/0 and ::/0].
 */
function inlineCIDRSubtests(v: Version, kind: PolicyKind, policy: string): Subtest[] {
  const toEach = (server: PodName, allowed: boolean) => [
    tcp(HARRY_1, server, 80, allowed),
    udp(HARRY_1, server, 53, allowed),
    sctp(HARRY_1, server, 9003, allowed),
  ];
  const first: Step = {
    mutations: [],
    pokes: [
      // ravenclaw and hufflepuff: denied to 0.0.0.0/0 (egress rule 1)
      ...toEach(LUNA_0, false),
      ...toEach(CEDRIC_0, false),
      // slytherin: allowed by egress rule 0, before the deny
      ...toEach(DRACO_0, true),
    ],
  };
  const relabel: Step[] = [
    {
      // slytherin's namespace no longer matches egress rule 0 (upstream's comment says ingressRule)
      mutations: [setNamespaceLabels(SLYTHERIN, { 'conformance-house': 'denied-namespace-label' })],
      pokes: toEach(DRACO_0, false),
    },
    {
      // and back: egress rule 0 matches again
      mutations: [setNamespaceLabels(SLYTHERIN, { 'conformance-house': 'slytherin' })],
      pokes: toEach(DRACO_0, true),
    },
  ];
  return [
    {
      name: "Should support a 'deny-egress' rule policy for egress-cidr-peer",
      steps: v.inlineCIDRRelabelsSlytherin ? [first, ...relabel] : [first],
    },
    subtest(
      "Should support an 'allow-egress' rule policy for egress-cidr-peer",
      [allowSpecificPodIPs(kind, policy)],
      [
        // the new egress rule 0 allows luna-lovegood-0 and cedric-diggory-0
        ...toEach(LUNA_0, true),
        ...toEach(CEDRIC_0, true),
        // the other pods of those namespaces: the deny, now rule 2 (upstream's comment above these is copied from the allowed pokes)
        ...toEach(LUNA_1, false),
        ...toEach(CEDRIC_1, false),
      ],
    ),
  ];
}

// --- The tests, in the order of v0.1.8's ConformanceTests (init functions file by file) -----

/**
 * conformance/tests/admin-network-policy-experimental-egress-rules.go, its first test: egress-tcp of
 * adminEgressTCP, rule 5 rewritten to a named port.
 */
export function adminEgressNamedPort(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for named port",
      // egress-tcp: the TCP 8080 rule to hufflepuff (index 5) becomes a rule for named port web (TCP 80 in the pod spec)
      [namedPortRule(v.admin, 'egress-tcp', 'egress', 5, 'web')],
      [
        tcp(HARRY_0, CEDRIC_1, 80, true), // egress rule 5, on port web
        tcp(HARRY_1, CEDRIC_1, 8080, false), // egress rule 6 denies the rest to hufflepuff
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-experimental-egress-rules.go, its second test.
 * node-and-cidr-as-peers-example, subject gryffindor pods: [0 Allow to nodes TCP HostNetworkPorts[0], 1 Pass to nodes
 * UDP HostNetworkPorts[2], 2 Deny to slytherin pods, nodes, 0.0.0.0/0 and ::/0]; centaur-1 is the host-network server.
 */
export function adminEgressNodePeers(v: Version): Subtest[] {
  return [
    subtest("Should support an 'allow-egress' rule policy for egress-node-peer", [], [tcp(HARRY_1, CENTAUR_1, hostPort(v, 0), true)], NODE_PEERS), // egress rule 0
    subtest(
      "Should support a 'pass-egress' rule policy for egress-node-peer",
      [],
      // egress rule 1 passes, nothing else applies (upstream's trailing comment says "Pass rule at index2")
      [udp(HARRY_1, CENTAUR_1, hostPort(v, 2), true)],
      NODE_PEERS,
    ),
    subtest(
      "Should support a 'deny-egress' rule policy for egress-node-peer",
      [],
      [
        // egress rule 2 denies the rest to nodes
        tcp(HARRY_1, CENTAUR_1, hostPort(v, 1), false),
        udp(HARRY_1, CENTAUR_1, hostPort(v, 4), false),
        sctp(HARRY_1, CENTAUR_1, hostPort(v, 6), false),
      ],
      NODE_PEERS,
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go
 * inline-cidr-as-peers-example, subject gryffindor pods: see inlineCIDRSubtests.
 */
export function adminEgressInlineCIDRPeers(v: Version): Subtest[] {
  return inlineCIDRSubtests(v, v.admin, 'inline-cidr-as-peers-example');
}

/**
 * conformance/tests/admin-network-policy-standard-egress-sctp-rules.go
 * egress-sctp, subject ravenclaw: [0 Allow gryffindor, 1 Deny gryffindor, 2 Pass gryffindor, 3 Deny slytherin 9003,
 * 4 Pass slytherin 9003, 5 Allow hufflepuff 9003, 6 Deny hufflepuff]
 */
export function adminEgressSCTP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
      [],
      [sctp(LUNA_0, HARRY_0, 9003, true), sctp(LUNA_1, HARRY_0, 9005, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(LUNA_0, CEDRIC_1, 9003, true), // egress rule 5
        sctp(LUNA_1, CEDRIC_1, 9005, false), // egress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-sctp', 'egress', 0, 1)],
      // Deny now before Allow (upstream's comment names harry-potter-0; the server is harry-potter-1)
      [sctp(LUNA_0, HARRY_1, 9003, false), sctp(LUNA_1, HARRY_1, 9005, false)],
    ),
    subtest(
      "Should support a 'deny-egress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(LUNA_0, DRACO_0, 9003, false), // egress rule 3
        sctp(LUNA_1, DRACO_0, 9005, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-egress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-sctp', 'egress', 0, 2)],
      [sctp(LUNA_0, HARRY_1, 9003, true), sctp(LUNA_1, HARRY_1, 9005, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-egress' policy for SCTP protocol at the specified port",
      [swapRules(v.admin, 'egress-sctp', 'egress', 3, 4)],
      [
        sctp(LUNA_0, DRACO_0, 9003, true), // egress rule 3, now Pass
        sctp(LUNA_1, DRACO_0, 9005, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-egress-tcp-rules.go
 * egress-tcp, subject gryffindor: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 80,
 * 4 Pass slytherin 80, 5 Allow hufflepuff 8080, 6 Deny hufflepuff]
 */
export function adminEgressTCP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
      [],
      [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(HARRY_0, CEDRIC_1, 8080, true), // egress rule 5
        tcp(HARRY_1, CEDRIC_1, 80, false), // egress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-tcp', 'egress', 0, 1)],
      [tcp(HARRY_0, LUNA_1, 80, false), tcp(HARRY_1, LUNA_1, 8080, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-egress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(HARRY_0, DRACO_0, 80, false), // egress rule 3
        tcp(HARRY_1, DRACO_0, 8080, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-egress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-tcp', 'egress', 0, 2)],
      [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-egress' policy for TCP protocol at the specified port",
      [swapRules(v.admin, 'egress-tcp', 'egress', 3, 4)],
      [
        tcp(HARRY_0, DRACO_0, 80, true), // egress rule 3, now Pass
        tcp(HARRY_1, DRACO_0, 8080, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-egress-udp-rules.go
 * egress-udp, subject hufflepuff: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 5353,
 * 4 Pass slytherin 5353, 5 Allow gryffindor 53, 6 Deny gryffindor]
 */
export function adminEgressUDP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
      [],
      [udp(CEDRIC_0, LUNA_0, 53, true), udp(CEDRIC_1, LUNA_0, 5353, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for UDP protocol at the specified port",
      [],
      [
        udp(CEDRIC_0, HARRY_1, 53, true), // egress rule 5
        udp(CEDRIC_1, HARRY_1, 5353, false), // egress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-udp', 'egress', 0, 1)],
      [udp(CEDRIC_0, LUNA_1, 53, false), udp(CEDRIC_1, LUNA_1, 5353, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-egress' policy for UDP protocol at the specified port",
      [],
      [
        udp(CEDRIC_0, DRACO_0, 5353, false), // egress rule 3 (upstream's comment says port 80)
        udp(CEDRIC_1, DRACO_0, 53, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-egress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'egress-udp', 'egress', 0, 2)],
      [udp(CEDRIC_0, LUNA_1, 5353, true), udp(CEDRIC_1, LUNA_1, 53, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-egress' policy for UDP protocol at the specified port",
      [swapRules(v.admin, 'egress-udp', 'egress', 3, 4)],
      [
        udp(CEDRIC_0, DRACO_0, 5353, true), // egress rule 3, now Pass
        udp(CEDRIC_1, DRACO_0, 53, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-gress-rules.go
 * gress-rules, subject gryffindor. Egress: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw,
 * 3 Deny slytherin TCP 80/UDP 53/SCTP 9003, 4 Pass slytherin same, 5 Allow hufflepuff TCP 8080/UDP 5353/SCTP 9003,
 * 6 Deny hufflepuff]. Ingress: the same from those namespaces, except 5 is TCP 80/UDP 5353/SCTP 9003.
 */
export function adminGress(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-gress' policy across different protocols",
      [],
      [
        // egress: rule 0 (Allow) before rule 1 (Deny)
        tcp(HARRY_0, LUNA_0, 80, true),
        udp(HARRY_1, LUNA_0, 53, true),
        sctp(HARRY_0, LUNA_0, 9003, true),
        // ingress: rule 0 (Allow) before rule 1 (Deny)
        tcp(LUNA_0, HARRY_0, 80, true),
        udp(LUNA_1, HARRY_0, 53, true),
        sctp(LUNA_1, HARRY_0, 9003, true),
      ],
    ),
    subtest(
      "Should support an 'allow-gress' policy across different protocols at the specified ports",
      [],
      [
        // egress: rule 5 allows, rule 6 denies the rest
        tcp(HARRY_0, CEDRIC_1, 8080, true),
        tcp(HARRY_1, CEDRIC_1, 80, false),
        udp(HARRY_0, CEDRIC_1, 5353, true),
        udp(HARRY_1, CEDRIC_1, 53, false),
        sctp(HARRY_0, CEDRIC_1, 9003, true),
        sctp(HARRY_1, CEDRIC_1, 9005, false),
        // ingress: rule 5 allows, rule 6 denies the rest
        tcp(CEDRIC_0, HARRY_1, 80, true),
        tcp(CEDRIC_1, HARRY_1, 8080, false),
        udp(CEDRIC_0, HARRY_1, 5353, true),
        udp(CEDRIC_1, HARRY_1, 53, false),
        sctp(CEDRIC_0, HARRY_1, 9003, true),
        sctp(CEDRIC_1, HARRY_1, 9005, false),
      ],
    ),
    subtest(
      "Should support an 'deny-gress' policy across different protocols",
      [swapBoth(v.admin, 'gress-rules', 0, 1)],
      [
        // egress: Deny now before Allow
        tcp(HARRY_0, LUNA_1, 80, false),
        udp(HARRY_1, LUNA_1, 53, false),
        sctp(HARRY_0, LUNA_1, 9003, false),
        // ingress: Deny now before Allow
        tcp(LUNA_0, HARRY_1, 80, false),
        udp(LUNA_1, HARRY_1, 53, false),
        sctp(LUNA_1, HARRY_1, 9003, false),
      ],
    ),
    subtest(
      "Should support a 'deny-gress' policy across different protocols at the specified ports",
      [],
      [
        // egress: rule 3 denies TCP 80, UDP 53, SCTP 9003; other ports match no rule
        tcp(HARRY_0, DRACO_0, 80, false),
        tcp(HARRY_1, DRACO_0, 8080, true),
        udp(HARRY_0, DRACO_0, 53, false),
        udp(HARRY_1, DRACO_0, 5353, true),
        sctp(HARRY_0, DRACO_0, 9003, false),
        sctp(HARRY_1, DRACO_0, 9005, true),
        // ingress: rule 3 denies TCP 80, UDP 53, SCTP 9003; other ports match no rule
        tcp(DRACO_0, HARRY_0, 80, false),
        tcp(DRACO_1, HARRY_0, 8080, true),
        udp(DRACO_0, HARRY_0, 53, false),
        udp(DRACO_1, HARRY_0, 5353, true),
        sctp(DRACO_0, HARRY_0, 9003, false),
        sctp(DRACO_1, HARRY_0, 9005, true),
      ],
    ),
    subtest(
      "Should support an 'pass-gress' policy across different protocols",
      // after the previous swap: [Pass, Allow, Deny] in both directions
      [swapBoth(v.admin, 'gress-rules', 0, 2)],
      [
        // egress: Pass first; nothing else applies
        tcp(HARRY_0, LUNA_0, 80, true),
        udp(HARRY_0, LUNA_0, 5353, true),
        sctp(HARRY_0, LUNA_0, 9003, true),
        // ingress: Pass first; nothing else applies
        tcp(LUNA_0, HARRY_0, 80, true),
        udp(LUNA_1, HARRY_0, 53, true),
        sctp(LUNA_1, HARRY_0, 9003, true),
      ],
    ),
    subtest(
      "Should support a 'pass-gress' policy across different protocols at the specified ports",
      [swapBoth(v.admin, 'gress-rules', 3, 4)],
      [
        // egress: rule 3, now Pass; other ports match no rule
        tcp(HARRY_0, DRACO_0, 80, true),
        tcp(HARRY_1, DRACO_0, 8080, true),
        udp(HARRY_0, DRACO_0, 53, true),
        udp(HARRY_1, DRACO_0, 5353, true),
        sctp(HARRY_0, DRACO_0, 9003, true),
        sctp(HARRY_1, DRACO_0, 9005, true),
        // ingress: rule 3, now Pass; other ports match no rule
        tcp(DRACO_0, HARRY_0, 80, true),
        tcp(DRACO_1, HARRY_0, 8080, true),
        udp(DRACO_0, HARRY_0, 53, true),
        udp(DRACO_1, HARRY_0, 5353, true),
        sctp(DRACO_0, HARRY_0, 9003, true),
        sctp(DRACO_1, HARRY_0, 9005, true),
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-ingress-sctp-rules.go
 * ingress-sctp, subject ravenclaw: [0 Allow gryffindor, 1 Deny gryffindor, 2 Pass gryffindor, 3 Deny slytherin 9003,
 * 4 Pass slytherin 9003, 5 Allow hufflepuff 9003, 6 Deny hufflepuff]
 */
export function adminIngressSCTP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
      [],
      [sctp(HARRY_0, LUNA_0, 9003, true), sctp(HARRY_1, LUNA_0, 9005, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(CEDRIC_0, LUNA_1, 9003, true), // ingress rule 5
        sctp(CEDRIC_1, LUNA_1, 9005, false), // ingress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-sctp', 'ingress', 0, 1)],
      [sctp(HARRY_0, LUNA_1, 9003, false), sctp(HARRY_1, LUNA_1, 9005, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(DRACO_0, LUNA_0, 9003, false), // ingress rule 3
        sctp(DRACO_1, LUNA_0, 9005, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-ingress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-sctp', 'ingress', 0, 2)],
      [sctp(HARRY_0, LUNA_1, 9003, true), sctp(HARRY_1, LUNA_1, 9005, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-ingress' policy for SCTP protocol at the specified port",
      [swapRules(v.admin, 'ingress-sctp', 'ingress', 3, 4)],
      [
        sctp(DRACO_0, LUNA_0, 9003, true), // ingress rule 3, now Pass
        sctp(DRACO_1, LUNA_0, 9005, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go
 * ingress-tcp, subject gryffindor: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 80,
 * 4 Pass slytherin 80, 5 Allow hufflepuff 80, 6 Deny hufflepuff]
 */
export function adminIngressTCP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
      [],
      [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(CEDRIC_0, HARRY_1, 80, true), // ingress rule 5
        tcp(CEDRIC_1, HARRY_1, 8080, false), // ingress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-tcp', 'ingress', 0, 1)],
      [tcp(LUNA_0, HARRY_1, 80, false), tcp(LUNA_1, HARRY_1, 8080, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(DRACO_0, HARRY_0, 80, false), // ingress rule 3
        tcp(DRACO_1, HARRY_0, 8080, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-ingress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-tcp', 'ingress', 0, 2)],
      [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-ingress' policy for TCP protocol at the specified port",
      [swapRules(v.admin, 'ingress-tcp', 'ingress', 3, 4)],
      [
        tcp(DRACO_0, HARRY_0, 80, true), // ingress rule 3, now Pass (upstream's comment says port 9003)
        tcp(DRACO_1, HARRY_0, 8080, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-ingress-udp-rules.go
 * ingress-udp, subject hufflepuff: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 5353,
 * 4 Pass slytherin 5353, 5 Allow gryffindor 53, 6 Deny gryffindor]
 */
export function adminIngressUDP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
      [],
      [udp(LUNA_0, CEDRIC_0, 53, true), udp(LUNA_1, CEDRIC_0, 5353, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for UDP protocol at the specified port",
      [],
      [
        udp(HARRY_0, CEDRIC_1, 53, true), // ingress rule 5
        udp(HARRY_1, CEDRIC_1, 5353, false), // ingress rule 6
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-udp', 'ingress', 0, 1)],
      [udp(LUNA_0, CEDRIC_1, 53, false), udp(LUNA_1, CEDRIC_1, 5353, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for UDP protocol at the specified port",
      [],
      [
        udp(DRACO_0, CEDRIC_0, 5353, false), // ingress rule 3 (upstream's comment says port 80)
        udp(DRACO_1, CEDRIC_0, 53, true), // matches no rule
      ],
    ),
    subtest(
      "Should support an 'pass-ingress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.admin, 'ingress-udp', 'ingress', 0, 2)],
      [udp(LUNA_0, CEDRIC_1, 5353, true), udp(LUNA_1, CEDRIC_1, 53, true)], // Pass now first; nothing else applies
    ),
    subtest(
      "Should support a 'pass-ingress' policy for UDP protocol at the specified port",
      [swapRules(v.admin, 'ingress-udp', 'ingress', 3, 4)],
      [
        udp(DRACO_0, CEDRIC_0, 5353, true), // ingress rule 3, now Pass
        udp(DRACO_1, CEDRIC_0, 53, true), // matches no rule
      ],
    ),
  ];
}

/**
 * Declared in conformance/tests/admin-network-policy-experimental-ingress-rules.go, registered by the init() of
 * admin-network-policy-standard-ingress-udp-rules.go: ingress-udp of adminIngressUDP, rule 5 rewritten to a named port.
 */
export function adminIngressNamedPort(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for named port",
      // ingress-udp: the UDP 53 rule from gryffindor (index 5) becomes a rule for named port dns (UDP 53 in the pod spec)
      [namedPortRule(v.admin, 'ingress-udp', 'ingress', 5, 'dns')],
      [
        udp(HARRY_0, CEDRIC_1, 53, true), // ingress rule 5, on port dns
        udp(HARRY_1, CEDRIC_1, 5353, false), // ingress rule 6 denies the rest from gryffindor
      ],
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-integration.go
 * Admin pass-example (subject gryffindor): Deny from/to slytherin; NetworkPolicy in gryffindor: allow from/to
 * slytherin; Baseline default: Deny from/to slytherin.
 */
export function adminIntegration(v: Version): Subtest[] {
  return [
    subtest(
      `Should Deny traffic from slytherin to gryffindor respecting ${v.names.admin}`,
      [],
      [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // pass-example ingress rule 0
    ),
    subtest(
      `Should Deny traffic to slytherin from gryffindor respecting ${v.names.admin}`,
      [],
      [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // pass-example egress rule 0
    ),
    subtest(
      `Should support a 'pass-ingress' policy for ${v.names.admin} and respect the match for network policy`,
      [setAction(v.admin, 'pass-example', 'ingress', 0, 'Pass')],
      [tcp(DRACO_0, HARRY_0, 80, true), tcp(DRACO_1, HARRY_0, 8080, true)], // passed; the NetworkPolicy allows
    ),
    subtest(
      `Should support a 'pass-egress' policy for ${v.names.admin} and respect the match for network policy`,
      [setAction(v.admin, 'pass-example', 'egress', 0, 'Pass')],
      [tcp(HARRY_0, DRACO_0, 80, true), tcp(HARRY_1, DRACO_0, 8080, true)], // passed; the NetworkPolicy allows
    ),
    subtest(
      `Should support a 'pass-ingress' policy for ${v.names.admin} and respect the match for ${v.names.baseline}`,
      [deleteIntegrationNetworkPolicy(v.names.baselineShort)],
      [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // passed; the baseline policy denies
    ),
    subtest(
      `Should support a 'pass-egress' policy for ${v.names.admin} and respect the match for ${v.names.baseline}`,
      // the NetworkPolicy is still deleted (previous subtest)
      [],
      [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // passed; the baseline policy denies
    ),
  ];
}

/**
 * conformance/tests/admin-network-policy-standard-priority.go
 * Admin priority-50-example: Deny from/to slytherin; admin old-priority-60-new-priority-40-example: Pass from/to
 * slytherin; Baseline default: Allow from/to slytherin. All for gryffindor pods.
 */
export function adminPriorityField(v: Version): Subtest[] {
  return [
    subtest(
      `Should Deny traffic from slytherin to gryffindor respecting ${v.names.admin}`,
      [],
      [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // priority 50's Deny before priority 60's Pass
    ),
    subtest(
      `Should Deny traffic to slytherin from gryffindor respecting ${v.names.admin}`,
      [],
      [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // priority 50's Deny before priority 60's Pass
    ),
    subtest(
      `Should respect ${v.names.admin} priority field; thus passing both ingress and egress traffic over to ${v.names.baselineShort}`,
      [setPriority(v.admin, 'old-priority-60-new-priority-40-example', 40)],
      [
        // priority 40's Pass now first; the baseline policy allows
        tcp(DRACO_0, HARRY_0, 80, true),
        tcp(DRACO_1, HARRY_0, 8080, true),
        tcp(HARRY_0, DRACO_0, 80, true),
        tcp(HARRY_1, DRACO_0, 8080, true),
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go, its first test: default of
 * baselineEgressUDP, rule 3 rewritten to a named port.
 */
export function baselineEgressNamedPort(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for named port",
      // default: the UDP 53 rule to gryffindor (index 3) becomes a rule for named port dns (UDP 53 in the pod spec)
      [namedPortRule(v.baseline, 'default', 'egress', 3, 'dns')],
      [
        udp(CEDRIC_0, HARRY_1, 53, true), // egress rule 3, on port dns (upstream's comment says ingressRule)
        udp(CEDRIC_1, HARRY_1, 5353, false), // egress rule 4 denies the rest to gryffindor
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go, its second test.
 * default, subject gryffindor: [0 Allow to nodes TCP HostNetworkPorts[0]..[1], 1 Deny to nodes and 0.0.0.0/0, ::/0];
 * centaur-1 is the host-network server.
 */
export function baselineEgressNodePeers(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' rule policy for egress-node-peer",
      [],
      [
        tcp(HARRY_0, CENTAUR_1, hostPort(v, 0), true), // egress rule 0
        tcp(HARRY_1, CENTAUR_1, hostPort(v, 1), true), // egress rule 0's range (upstream's comment says "Pass rule at index2")
      ],
      NODE_PEERS,
    ),
    subtest(
      "Should support a 'deny-egress' rule policy for egress-node-peer",
      [],
      [udp(HARRY_1, CENTAUR_1, hostPort(v, 4), false), sctp(HARRY_1, CENTAUR_1, hostPort(v, 6), false)], // egress rule 1
      NODE_PEERS,
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-experimental-ingress-rules.go: default of baselineIngressTCP, rule 3
 * rewritten to a named port.
 */
export function baselineIngressNamedPort(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for named port",
      // default: the TCP 80 rule from hufflepuff (index 3) becomes a rule for named port web (TCP 80 in the pod spec)
      [namedPortRule(v.baseline, 'default', 'ingress', 3, 'web')],
      [
        tcp(CEDRIC_0, HARRY_1, 80, true), // ingress rule 3, on port web
        tcp(CEDRIC_1, HARRY_1, 8080, false), // ingress rule 4 denies the rest from hufflepuff
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-egress-inline-cidr-rules.go
 * default, subject gryffindor: see inlineCIDRSubtests.
 */
export function baselineEgressInlineCIDRPeers(v: Version): Subtest[] {
  return inlineCIDRSubtests(v, v.baseline, 'default');
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-egress-sctp-rules.go
 * default, subject ravenclaw: [0 Allow gryffindor, 1 Deny gryffindor, 2 Deny slytherin 9003, 3 Allow hufflepuff 9003,
 * 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
 */
export function baselineEgressSCTP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
      [],
      [sctp(LUNA_0, HARRY_0, 9003, true), sctp(LUNA_1, HARRY_0, 9005, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(LUNA_0, CEDRIC_1, 9003, true), // egress rule 3
        sctp(LUNA_1, CEDRIC_1, 9005, false), // egress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'egress', 0, 1)],
      [sctp(LUNA_0, HARRY_1, 9003, false), sctp(LUNA_1, HARRY_1, 9005, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-egress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(LUNA_0, DRACO_0, 9003, false), // egress rule 2
        sctp(LUNA_1, DRACO_0, 9005, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-egress-tcp-rules.go
 * default, subject gryffindor: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 80, 3 Allow hufflepuff 8080,
 * 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
 */
export function baselineEgressTCP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
      [],
      [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(HARRY_0, CEDRIC_1, 8080, true), // egress rule 3 (upstream's comment says port 80)
        tcp(HARRY_1, CEDRIC_1, 80, false), // egress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'egress', 0, 1)],
      [tcp(HARRY_0, LUNA_1, 80, false), tcp(HARRY_1, LUNA_1, 8080, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-egress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(HARRY_0, DRACO_0, 80, false), // egress rule 2
        tcp(HARRY_1, DRACO_0, 8080, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-egress-udp-rules.go
 * default, subject hufflepuff: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 5353, 3 Allow gryffindor 53,
 * 4 Deny gryffindor]
 */
export function baselineEgressUDP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
      [],
      [udp(CEDRIC_0, LUNA_0, 53, true), udp(CEDRIC_1, LUNA_0, 5353, true)], // egress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-egress' policy for UDP protocol at the specified port",
      [],
      [
        udp(CEDRIC_0, HARRY_1, 53, true), // egress rule 3
        udp(CEDRIC_1, HARRY_1, 5353, false), // egress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-egress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'egress', 0, 1)],
      [udp(CEDRIC_0, LUNA_1, 53, false), udp(CEDRIC_1, LUNA_1, 5353, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-egress' policy for UDP protocol at the specified port",
      [],
      [
        udp(CEDRIC_0, DRACO_0, 5353, false), // egress rule 2 (upstream's comment says port 80)
        udp(CEDRIC_1, DRACO_0, 53, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-gress-rules.go
 * default, subject gryffindor. Egress: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin TCP 80/UDP 53/SCTP 9003,
 * 3 Allow hufflepuff TCP 8080/UDP 5353/SCTP 9003 (named "...-8080-5353"), 4 Deny hufflepuff]. Ingress: the same from
 * those namespaces, except 3 is TCP 80/UDP 5353/SCTP 9003. Upstream's comments give the admin file's indexes (5, 6, 3).
 */
export function baselineGress(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-gress' policy across different protocols",
      [],
      [
        // egress: rule 0 (Allow) before rule 1 (Deny)
        tcp(HARRY_0, LUNA_0, 80, true),
        udp(HARRY_1, LUNA_0, 53, true),
        sctp(HARRY_0, LUNA_0, 9003, true),
        // ingress: rule 0 (Allow) before rule 1 (Deny)
        tcp(LUNA_0, HARRY_0, 80, true),
        udp(LUNA_1, HARRY_0, 53, true),
        sctp(LUNA_1, HARRY_0, 9003, true),
      ],
    ),
    subtest(
      "Should support an 'allow-gress' policy across different protocols at the specified ports",
      [],
      [
        // egress: rule 3 allows, rule 4 denies the rest
        tcp(HARRY_0, CEDRIC_1, 8080, true),
        tcp(HARRY_1, CEDRIC_1, 80, false),
        udp(HARRY_0, CEDRIC_1, 5353, true),
        udp(HARRY_1, CEDRIC_1, 53, false),
        sctp(HARRY_0, CEDRIC_1, 9003, true),
        sctp(HARRY_1, CEDRIC_1, 9005, false),
        // ingress: rule 3 allows, rule 4 denies the rest
        tcp(CEDRIC_0, HARRY_1, 80, true),
        tcp(CEDRIC_1, HARRY_1, 8080, false),
        udp(CEDRIC_0, HARRY_1, 5353, true),
        udp(CEDRIC_1, HARRY_1, 53, false),
        sctp(CEDRIC_0, HARRY_1, 9003, true),
        sctp(CEDRIC_1, HARRY_1, 9005, false),
      ],
    ),
    subtest(
      "Should support an 'deny-gress' policy across different protocols",
      [swapBoth(v.baseline, 'default', 0, 1)],
      [
        // egress: Deny now before Allow
        tcp(HARRY_0, LUNA_1, 80, false),
        udp(HARRY_1, LUNA_1, 53, false),
        sctp(HARRY_0, LUNA_1, 9003, false),
        // ingress: Deny now before Allow
        tcp(LUNA_0, HARRY_1, 80, false),
        udp(LUNA_1, HARRY_1, 53, false),
        sctp(LUNA_1, HARRY_1, 9003, false),
      ],
    ),
    subtest(
      "Should support a 'deny-gress' policy across different protocols at the specified ports",
      [],
      [
        // egress: rule 2 denies TCP 80, UDP 53, SCTP 9003; other ports match no rule
        tcp(HARRY_0, DRACO_0, 80, false),
        tcp(HARRY_1, DRACO_0, 8080, true),
        udp(HARRY_0, DRACO_0, 53, false),
        udp(HARRY_1, DRACO_0, 5353, true),
        sctp(HARRY_0, DRACO_0, 9003, false),
        sctp(HARRY_1, DRACO_0, 9005, true),
        // ingress: rule 2 denies TCP 80, UDP 53, SCTP 9003; other ports match no rule
        tcp(DRACO_0, HARRY_0, 80, false),
        tcp(DRACO_1, HARRY_0, 8080, true),
        udp(DRACO_0, HARRY_0, 53, false),
        udp(DRACO_1, HARRY_0, 5353, true),
        sctp(DRACO_0, HARRY_0, 9003, false),
        sctp(DRACO_1, HARRY_0, 9005, true),
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-ingress-sctp-rules.go
 * default, subject ravenclaw: [0 Allow gryffindor, 1 Deny gryffindor, 2 Deny slytherin 9003, 3 Allow hufflepuff 9003,
 * 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
 */
export function baselineIngressSCTP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
      [],
      [sctp(HARRY_0, LUNA_0, 9003, true), sctp(HARRY_1, LUNA_0, 9005, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(CEDRIC_0, LUNA_1, 9003, true), // ingress rule 3
        sctp(CEDRIC_1, LUNA_1, 9005, false), // ingress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for SCTP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'ingress', 0, 1)],
      [sctp(HARRY_0, LUNA_1, 9003, false), sctp(HARRY_1, LUNA_1, 9005, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for SCTP protocol at the specified port",
      [],
      [
        sctp(DRACO_0, LUNA_0, 9003, false), // ingress rule 2
        sctp(DRACO_1, LUNA_0, 9005, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-ingress-tcp-rules.go
 * default, subject gryffindor: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 80, 3 Allow hufflepuff 80,
 * 4 Deny hufflepuff]
 */
export function baselineIngressTCP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
      [],
      [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(CEDRIC_0, HARRY_1, 80, true), // ingress rule 3
        tcp(CEDRIC_1, HARRY_1, 8080, false), // ingress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for TCP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'ingress', 0, 1)],
      [tcp(LUNA_0, HARRY_1, 80, false), tcp(LUNA_1, HARRY_1, 8080, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for TCP protocol at the specified port",
      [],
      [
        tcp(DRACO_0, HARRY_0, 80, false), // ingress rule 2
        tcp(DRACO_1, HARRY_0, 8080, true), // matches no rule
      ],
    ),
  ];
}

/**
 * conformance/tests/baseline-admin-network-policy-standard-ingress-udp-rules.go
 * default, subject hufflepuff: [0 Allow ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 5353, 3 Allow gryffindor 53,
 * 4 Deny gryffindor]. Upstream's comments give the admin file's indexes (5, 6, 3).
 */
export function baselineIngressUDP(v: Version): Subtest[] {
  return [
    subtest(
      "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
      [],
      [udp(LUNA_0, CEDRIC_0, 53, true), udp(LUNA_1, CEDRIC_0, 5353, true)], // ingress rule 0 (Allow) before rule 1 (Deny)
    ),
    subtest(
      "Should support an 'allow-ingress' policy for UDP protocol at the specified port",
      [],
      [
        udp(HARRY_0, CEDRIC_1, 53, true), // ingress rule 3
        udp(HARRY_1, CEDRIC_1, 5353, false), // ingress rule 4
      ],
    ),
    subtest(
      "Should support an 'deny-ingress' policy for UDP protocol; ensure rule ordering is respected",
      [swapRules(v.baseline, 'default', 'ingress', 0, 1)],
      [udp(LUNA_0, CEDRIC_1, 53, false), udp(LUNA_1, CEDRIC_1, 5353, false)], // Deny now before Allow
    ),
    subtest(
      "Should support a 'deny-ingress' policy for UDP protocol at the specified port",
      [],
      [
        udp(DRACO_0, CEDRIC_0, 5353, false), // ingress rule 2 (upstream's comment says port 80)
        udp(DRACO_1, CEDRIC_0, 53, true), // matches no rule
      ],
    ),
  ];
}
