/**
 * The ClusterNetworkPolicy conformance suite of kubernetes-sigs/network-policy-api
 * (conformance/tests/*.go, v1alpha2), transcribed as data: every
 * ConformanceTest, every t.Run subtest and every kubernetes.PokeServer call,
 * in upstream's order and with the expected value upstream states. The YAML
 * the tests apply is vendored in ./cnp-suite/ (FILES, with the upstream
 * commit); what a transcription is made of, and how to run a case, is in
 * ./upstream-suite.test.helper.ts.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 *
 * The comments next to pokes are upstream's comments, shortened; where an
 * upstream comment disagrees with the code (a wrong rule index, port or pod
 * name, copied from another test), the comment here follows the code and the
 * YAML, and says so.
 */
import { FILES, UPSTREAM } from './cnp-suite/files.js';
import {
  allowSpecificPodIPs,
  CEDRIC_0,
  CEDRIC_1,
  CENTAUR_1,
  type ConformanceCase,
  type ConformanceSuite,
  deleteIntegrationNetworkPolicy,
  DRACO_0,
  DRACO_1,
  type Gress,
  HARRY_0,
  HARRY_1,
  hostPortOf,
  LUNA_0,
  LUNA_1,
  type Mutation,
  NODE_PEERS,
  type PodName,
  type PolicyKind,
  policyPatch,
  ruleOf,
  sctp,
  setAction,
  setNamespaceLabels,
  setPriority,
  SLYTHERIN,
  type Subtest,
  subtest,
  swapBoth,
  swapRules,
  tcp,
  udp,
} from './upstream-suite.test.helper.js';

const KIND: PolicyKind = 'ClusterNetworkPolicy';

/** s.HostNetworkPorts[i], as the suite sets it by default (the YAML was rendered with the same values). */
const hostPort = (i: number): number => hostPortOf(UPSTREAM.hostNetworkPorts, i);

/** `rule.Protocols = []ClusterNetworkPolicyProtocol{{DestinationNamedPort: port}}` */
const namedPortRule = (cnp: string, gress: Gress, i: number, port: string): Mutation =>
  policyPatch(KIND, cnp, `${gress} rule ${i} matches named port ${port} only`, (obj) => {
    ruleOf(obj, gress, i)['protocols'] = [{ destinationNamedPort: port }];
  });

// --- Shared shapes ----------------------------------------------------------------

const ADMIN = 'base/admin_tier';
const BASELINE = 'base/baseline_tier';
const CNP = 'ClusterNetworkPolicy';
const NAMED_PORTS = 'ClusterNetworkPolicyNamedPorts';
const EGRESS_NODE_PEERS = 'ClusterNetworkPolicyEgressNodePeers';

/**
 * The two subtests of CNPAdminTierEgressInlineCIDRPeers and
 * CNPBaselineTierEgressInlineCIDRPeers, which differ only in the policy
 * (inline-cidr-as-peers-example / default) and file: egress of gryffindor is
 * [0: Accept to slytherin pods, 1: Deny to 0.0.0.0/0 and ::/0].
 */
function inlineCIDRSubtests(cnp: string): Subtest[] {
  const toEach = (server: PodName, allowed: boolean) => [
    tcp(HARRY_1, server, 80, allowed),
    udp(HARRY_1, server, 53, allowed),
    sctp(HARRY_1, server, 9003, allowed),
  ];
  return [
    {
      name: "Should support a 'deny-egress' rule policy for egress-cidr-peer",
      steps: [
        {
          mutations: [],
          pokes: [
            // ravenclaw and hufflepuff: denied to 0.0.0.0/0 (egress rule 1)
            ...toEach(LUNA_0, false),
            ...toEach(CEDRIC_0, false),
            // slytherin: allowed by egress rule 0, before the deny
            ...toEach(DRACO_0, true),
          ],
        },
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
      ],
    },
    subtest(
      "Should support an 'allow-egress' rule policy for egress-cidr-peer",
      [allowSpecificPodIPs(KIND, cnp, 'Accept')],
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

// --- The suite, in upstream's order (ConformanceTests as the init functions build it) -----

const CASES: ConformanceCase[] = [
  // conformance/tests/admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'CNPAdminTierEgressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for named port",
        // egress-tcp: the TCP 8080 rule to hufflepuff (index 5) becomes a rule for named port web (TCP 80 in the pod spec)
        [namedPortRule('egress-tcp', 'egress', 5, 'web')],
        [
          tcp(HARRY_0, CEDRIC_1, 80, true), // egress rule 5, on port web
          tcp(HARRY_1, CEDRIC_1, 8080, false), // egress rule 6 denies the rest to hufflepuff
        ],
      ),
    ],
  },
  {
    shortName: 'CNPAdminTierEgressNodePeers',
    channel: 'experimental',
    features: [CNP, EGRESS_NODE_PEERS],
    manifests: [`${ADMIN}/experimental-egress-selector-rules.yaml`],
    // node-and-cidr-as-peers-example; centaur-1 is the host-network server
    subtests: [
      subtest("Should support an 'allow-egress' rule policy for egress-node-peer", [], [tcp(HARRY_1, CENTAUR_1, hostPort(0), true)], NODE_PEERS), // egress rule 0
      subtest(
        "Should support a 'pass-egress' rule policy for egress-node-peer",
        [],
        // egress rule 1 passes, nothing else applies (upstream's trailing comment says "Pass rule at index2")
        [udp(HARRY_1, CENTAUR_1, hostPort(2), true)],
        NODE_PEERS,
      ),
      subtest(
        "Should support a 'deny-egress' rule policy for egress-node-peer",
        [],
        [
          // egress rule 2 denies the rest to nodes
          tcp(HARRY_1, CENTAUR_1, hostPort(1), false),
          udp(HARRY_1, CENTAUR_1, hostPort(4), false),
          sctp(HARRY_1, CENTAUR_1, hostPort(6), false),
        ],
        NODE_PEERS,
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'CNPAdminTierEgressInlineCIDRPeers',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-inline-cidr-rules.yaml`],
    subtests: inlineCIDRSubtests('inline-cidr-as-peers-example'),
  },

  // conformance/tests/admin-network-policy-standard-egress-sctp-rules.go
  // egress-sctp, subject ravenclaw: [0 Accept gryffindor, 1 Deny gryffindor, 2 Pass gryffindor, 3 Deny slytherin 9003,
  // 4 Pass slytherin 9003, 5 Accept hufflepuff 9003, 6 Deny hufflepuff]
  {
    shortName: 'CNPAdminTierEgressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-sctp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
        [],
        [sctp(LUNA_0, HARRY_0, 9003, true), sctp(LUNA_1, HARRY_0, 9005, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'egress-sctp', 'egress', 0, 1)],
        // Deny now before Accept (upstream's comment names harry-potter-0; the server is harry-potter-1)
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
        [swapRules(KIND, 'egress-sctp', 'egress', 0, 2)],
        [sctp(LUNA_0, HARRY_1, 9003, true), sctp(LUNA_1, HARRY_1, 9005, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-egress' policy for SCTP protocol at the specified port",
        [swapRules(KIND, 'egress-sctp', 'egress', 3, 4)],
        [
          sctp(LUNA_0, DRACO_0, 9003, true), // egress rule 3, now Pass
          sctp(LUNA_1, DRACO_0, 9005, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-egress-tcp-rules.go
  // egress-tcp, subject gryffindor: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 80,
  // 4 Pass slytherin 80, 5 Accept hufflepuff 8080, 6 Deny hufflepuff]
  {
    shortName: 'CNPAdminTierEgressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
        [],
        [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'egress-tcp', 'egress', 0, 1)],
        [tcp(HARRY_0, LUNA_1, 80, false), tcp(HARRY_1, LUNA_1, 8080, false)], // Deny now before Accept
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
        [swapRules(KIND, 'egress-tcp', 'egress', 0, 2)],
        [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-egress' policy for TCP protocol at the specified port",
        [swapRules(KIND, 'egress-tcp', 'egress', 3, 4)],
        [
          tcp(HARRY_0, DRACO_0, 80, true), // egress rule 3, now Pass
          tcp(HARRY_1, DRACO_0, 8080, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-egress-udp-rules.go
  // egress-udp, subject hufflepuff: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 5353,
  // 4 Pass slytherin 5353, 5 Accept gryffindor 53, 6 Deny gryffindor]
  {
    shortName: 'CNPAdminTierEgressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
        [],
        [udp(CEDRIC_0, LUNA_0, 53, true), udp(CEDRIC_1, LUNA_0, 5353, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'egress-udp', 'egress', 0, 1)],
        [udp(CEDRIC_0, LUNA_1, 53, false), udp(CEDRIC_1, LUNA_1, 5353, false)], // Deny now before Accept
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
        [swapRules(KIND, 'egress-udp', 'egress', 0, 2)],
        [udp(CEDRIC_0, LUNA_1, 5353, true), udp(CEDRIC_1, LUNA_1, 53, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-egress' policy for UDP protocol at the specified port",
        [swapRules(KIND, 'egress-udp', 'egress', 3, 4)],
        [
          udp(CEDRIC_0, DRACO_0, 5353, true), // egress rule 3, now Pass
          udp(CEDRIC_1, DRACO_0, 53, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-gress-rules.go
  // gress-rules, subject gryffindor. Egress: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw,
  // 3 Deny slytherin TCP 80/UDP 53/SCTP 9003, 4 Pass slytherin same, 5 Accept hufflepuff TCP 8080/UDP 5353/SCTP 9003,
  // 6 Deny hufflepuff]. Ingress: the same from those namespaces, except 5 is TCP 80/UDP 5353/SCTP 9003.
  {
    shortName: 'CNPAdminTierGress',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-gress-rules-combined.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-gress' policy across different protocols",
        [],
        [
          // egress: rule 0 (Accept) before rule 1 (Deny)
          tcp(HARRY_0, LUNA_0, 80, true),
          udp(HARRY_1, LUNA_0, 53, true),
          sctp(HARRY_0, LUNA_0, 9003, true),
          // ingress: rule 0 (Accept) before rule 1 (Deny)
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
        [swapBoth(KIND, 'gress-rules', 0, 1)],
        [
          // egress: Deny now before Accept
          tcp(HARRY_0, LUNA_1, 80, false),
          udp(HARRY_1, LUNA_1, 53, false),
          sctp(HARRY_0, LUNA_1, 9003, false),
          // ingress: Deny now before Accept
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
        // after the previous swap: [Pass, Accept, Deny] in both directions
        [swapBoth(KIND, 'gress-rules', 0, 2)],
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
        [swapBoth(KIND, 'gress-rules', 3, 4)],
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
    ],
  },

  // conformance/tests/admin-network-policy-standard-ingress-sctp-rules.go
  // ingress-sctp, subject ravenclaw: [0 Accept gryffindor, 1 Deny gryffindor, 2 Pass gryffindor, 3 Deny slytherin 9003,
  // 4 Pass slytherin 9003, 5 Accept hufflepuff 9003, 6 Deny hufflepuff]
  {
    shortName: 'CNPAdminTierIngressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-sctp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
        [],
        [sctp(HARRY_0, LUNA_0, 9003, true), sctp(HARRY_1, LUNA_0, 9005, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'ingress-sctp', 'ingress', 0, 1)],
        [sctp(HARRY_0, LUNA_1, 9003, false), sctp(HARRY_1, LUNA_1, 9005, false)], // Deny now before Accept
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
        [swapRules(KIND, 'ingress-sctp', 'ingress', 0, 2)],
        [sctp(HARRY_0, LUNA_1, 9003, true), sctp(HARRY_1, LUNA_1, 9005, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-ingress' policy for SCTP protocol at the specified port",
        [swapRules(KIND, 'ingress-sctp', 'ingress', 3, 4)],
        [
          sctp(DRACO_0, LUNA_0, 9003, true), // ingress rule 3, now Pass
          sctp(DRACO_1, LUNA_0, 9005, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go
  // ingress-tcp, subject gryffindor: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 80,
  // 4 Pass slytherin 80, 5 Accept hufflepuff 80, 6 Deny hufflepuff]
  {
    shortName: 'CNPAdminTierIngressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
        [],
        [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'ingress-tcp', 'ingress', 0, 1)],
        [tcp(LUNA_0, HARRY_1, 80, false), tcp(LUNA_1, HARRY_1, 8080, false)], // Deny now before Accept
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
        [swapRules(KIND, 'ingress-tcp', 'ingress', 0, 2)],
        [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-ingress' policy for TCP protocol at the specified port",
        [swapRules(KIND, 'ingress-tcp', 'ingress', 3, 4)],
        [
          tcp(DRACO_0, HARRY_0, 80, true), // ingress rule 3, now Pass (upstream's comment says port 9003)
          tcp(DRACO_1, HARRY_0, 8080, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-ingress-udp-rules.go
  // ingress-udp, subject hufflepuff: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Pass ravenclaw, 3 Deny slytherin 5353,
  // 4 Pass slytherin 5353, 5 Accept gryffindor 53, 6 Deny gryffindor]
  {
    shortName: 'CNPAdminTierIngressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
        [],
        [udp(LUNA_0, CEDRIC_0, 53, true), udp(LUNA_1, CEDRIC_0, 5353, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'ingress-udp', 'ingress', 0, 1)],
        [udp(LUNA_0, CEDRIC_1, 53, false), udp(LUNA_1, CEDRIC_1, 5353, false)], // Deny now before Accept
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
        [swapRules(KIND, 'ingress-udp', 'ingress', 0, 2)],
        [udp(LUNA_0, CEDRIC_1, 5353, true), udp(LUNA_1, CEDRIC_1, 53, true)], // Pass now first; nothing else applies
      ),
      subtest(
        "Should support a 'pass-ingress' policy for UDP protocol at the specified port",
        [swapRules(KIND, 'ingress-udp', 'ingress', 3, 4)],
        [
          udp(DRACO_0, CEDRIC_0, 5353, true), // ingress rule 3, now Pass
          udp(DRACO_1, CEDRIC_0, 53, true), // matches no rule
        ],
      ),
    ],
  },
  // declared in admin-network-policy-experimental-ingress-rules.go, registered by the init() of
  // admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'CNPAdminTierIngressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for named port",
        // ingress-udp: the UDP 53 rule from gryffindor (index 5) becomes a rule for named port dns (UDP 53 in the pod spec)
        [namedPortRule('ingress-udp', 'ingress', 5, 'dns')],
        [
          udp(HARRY_0, CEDRIC_1, 53, true), // ingress rule 5, on port dns
          udp(HARRY_1, CEDRIC_1, 5353, false), // ingress rule 6 denies the rest from gryffindor
        ],
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-integration.go
  // Admin pass-example (subject gryffindor): Deny from/to slytherin; NetworkPolicy in gryffindor: allow from/to
  // slytherin; Baseline default: Deny from/to slytherin.
  {
    shortName: 'CNPAdminTierIntegration',
    channel: 'standard',
    features: [CNP],
    manifests: ['base/api_integration/standard-anp-np-banp.yaml'],
    subtests: [
      subtest(
        'Should Deny traffic from slytherin to gryffindor respecting admin CNP',
        [],
        [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // pass-example ingress rule 0
      ),
      subtest(
        'Should Deny traffic to slytherin from gryffindor respecting admin CNP',
        [],
        [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // pass-example egress rule 0
      ),
      subtest(
        "Should support a 'pass-ingress' policy for admin CNP and respect the match for network policy",
        [setAction(KIND, 'pass-example', 'ingress', 0, 'Pass')],
        [tcp(DRACO_0, HARRY_0, 80, true), tcp(DRACO_1, HARRY_0, 8080, true)], // passed; the NetworkPolicy allows
      ),
      subtest(
        "Should support a 'pass-egress' policy for admin CNP and respect the match for network policy",
        [setAction(KIND, 'pass-example', 'egress', 0, 'Pass')],
        [tcp(HARRY_0, DRACO_0, 80, true), tcp(HARRY_1, DRACO_0, 8080, true)], // passed; the NetworkPolicy allows
      ),
      subtest(
        "Should support a 'pass-ingress' policy for admin CNP and respect the match for baseline cluster network policy",
        [deleteIntegrationNetworkPolicy('baseline CNP')],
        [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // passed; the baseline CNP denies
      ),
      subtest(
        "Should support a 'pass-egress' policy for admin CNP and respect the match for baseline cluster network policy",
        // the NetworkPolicy is still deleted (previous subtest)
        [],
        [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // passed; the baseline CNP denies
      ),
    ],
  },

  // conformance/tests/admin-network-policy-standard-priority.go
  // Admin priority-50-example: Deny from/to slytherin; admin old-priority-60-new-priority-40-example: Pass from/to
  // slytherin; Baseline default: Accept from/to slytherin. All for gryffindor pods.
  {
    shortName: 'CNPAdminTierPriorityField',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-priority-field.yaml`],
    subtests: [
      subtest(
        'Should Deny traffic from slytherin to gryffindor respecting admin CNP',
        [],
        [tcp(DRACO_0, HARRY_0, 80, false), tcp(DRACO_1, HARRY_0, 8080, false)], // priority 50's Deny before priority 60's Pass
      ),
      subtest(
        'Should Deny traffic to slytherin from gryffindor respecting admin CNP',
        [],
        [tcp(HARRY_0, DRACO_0, 80, false), tcp(HARRY_1, DRACO_0, 8080, false)], // priority 50's Deny before priority 60's Pass
      ),
      subtest(
        'Should respect admin CNP priority field; thus passing both ingress and egress traffic over to baseline CNP',
        [setPriority(KIND, 'old-priority-60-new-priority-40-example', 40)],
        [
          // priority 40's Pass now first; the baseline CNP allows
          tcp(DRACO_0, HARRY_0, 80, true),
          tcp(DRACO_1, HARRY_0, 8080, true),
          tcp(HARRY_0, DRACO_0, 80, true),
          tcp(HARRY_1, DRACO_0, 8080, true),
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'CNPBaselineTierEgressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for named port",
        // default: the UDP 53 rule to gryffindor (index 3) becomes a rule for named port dns (UDP 53 in the pod spec)
        [namedPortRule('default', 'egress', 3, 'dns')],
        [
          udp(CEDRIC_0, HARRY_1, 53, true), // egress rule 3, on port dns (upstream's comment says ingressRule)
          udp(CEDRIC_1, HARRY_1, 5353, false), // egress rule 4 denies the rest to gryffindor
        ],
      ),
    ],
  },
  {
    shortName: 'CNPBaselineTierEgressNodePeers',
    channel: 'experimental',
    features: [CNP, EGRESS_NODE_PEERS],
    manifests: [`${BASELINE}/experimental-egress-selector-rules.yaml`],
    // default: [0 Accept to nodes TCP HostNetworkPorts[0]..[1], 1 Deny to nodes and 0.0.0.0/0, ::/0]; centaur-1 is the host-network server
    subtests: [
      subtest(
        "Should support an 'allow-egress' rule policy for egress-node-peer",
        [],
        [
          tcp(HARRY_0, CENTAUR_1, hostPort(0), true), // egress rule 0
          tcp(HARRY_1, CENTAUR_1, hostPort(1), true), // egress rule 0's range (upstream's comment says "Pass rule at index2")
        ],
        NODE_PEERS,
      ),
      subtest(
        "Should support a 'deny-egress' rule policy for egress-node-peer",
        [],
        [udp(HARRY_1, CENTAUR_1, hostPort(4), false), sctp(HARRY_1, CENTAUR_1, hostPort(6), false)], // egress rule 1
        NODE_PEERS,
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-experimental-ingress-rules.go
  {
    shortName: 'CNPBaselineTierIngressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for named port",
        // default: the TCP 80 rule from hufflepuff (index 3) becomes a rule for named port web (TCP 80 in the pod spec)
        [namedPortRule('default', 'ingress', 3, 'web')],
        [
          tcp(CEDRIC_0, HARRY_1, 80, true), // ingress rule 3, on port web
          tcp(CEDRIC_1, HARRY_1, 8080, false), // ingress rule 4 denies the rest from hufflepuff
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'CNPBaselineTierEgressInlineCIDRPeers',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-inline-cidr-rules.yaml`],
    subtests: inlineCIDRSubtests('default'),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-sctp-rules.go
  // default, subject ravenclaw: [0 Accept gryffindor, 1 Deny gryffindor, 2 Deny slytherin 9003, 3 Accept hufflepuff 9003,
  // 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
  {
    shortName: 'CNPBaselineTierEgressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-sctp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for SCTP protocol; ensure rule ordering is respected",
        [],
        [sctp(LUNA_0, HARRY_0, 9003, true), sctp(LUNA_1, HARRY_0, 9005, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'egress', 0, 1)],
        [sctp(LUNA_0, HARRY_1, 9003, false), sctp(LUNA_1, HARRY_1, 9005, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-egress' policy for SCTP protocol at the specified port",
        [],
        [
          sctp(LUNA_0, DRACO_0, 9003, false), // egress rule 2
          sctp(LUNA_1, DRACO_0, 9005, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-tcp-rules.go
  // default, subject gryffindor: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 80, 3 Accept hufflepuff 8080,
  // 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
  {
    shortName: 'CNPBaselineTierEgressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for TCP protocol; ensure rule ordering is respected",
        [],
        [tcp(HARRY_0, LUNA_0, 80, true), tcp(HARRY_1, LUNA_0, 8080, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'egress', 0, 1)],
        [tcp(HARRY_0, LUNA_1, 80, false), tcp(HARRY_1, LUNA_1, 8080, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-egress' policy for TCP protocol at the specified port",
        [],
        [
          tcp(HARRY_0, DRACO_0, 80, false), // egress rule 2
          tcp(HARRY_1, DRACO_0, 8080, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-udp-rules.go
  // default, subject hufflepuff: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 5353, 3 Accept gryffindor 53,
  // 4 Deny gryffindor]
  {
    shortName: 'CNPBaselineTierEgressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-egress' policy for UDP protocol; ensure rule ordering is respected",
        [],
        [udp(CEDRIC_0, LUNA_0, 53, true), udp(CEDRIC_1, LUNA_0, 5353, true)], // egress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'egress', 0, 1)],
        [udp(CEDRIC_0, LUNA_1, 53, false), udp(CEDRIC_1, LUNA_1, 5353, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-egress' policy for UDP protocol at the specified port",
        [],
        [
          udp(CEDRIC_0, DRACO_0, 5353, false), // egress rule 2 (upstream's comment says port 80)
          udp(CEDRIC_1, DRACO_0, 53, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-gress-rules.go
  // default, subject gryffindor. Egress: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin TCP 80/UDP 53/SCTP 9003,
  // 3 Accept hufflepuff TCP 8080/UDP 5353/SCTP 9003 (named "...-8080-5353"), 4 Deny hufflepuff]. Ingress: the same from
  // those namespaces, except 3 is TCP 80/UDP 5353/SCTP 9003. Upstream's comments give the admin file's indexes (5, 6, 3).
  {
    shortName: 'CNPBaselineTierGress',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-gress-rules-combined.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-gress' policy across different protocols",
        [],
        [
          // egress: rule 0 (Accept) before rule 1 (Deny)
          tcp(HARRY_0, LUNA_0, 80, true),
          udp(HARRY_1, LUNA_0, 53, true),
          sctp(HARRY_0, LUNA_0, 9003, true),
          // ingress: rule 0 (Accept) before rule 1 (Deny)
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
        [swapBoth(KIND, 'default', 0, 1)],
        [
          // egress: Deny now before Accept
          tcp(HARRY_0, LUNA_1, 80, false),
          udp(HARRY_1, LUNA_1, 53, false),
          sctp(HARRY_0, LUNA_1, 9003, false),
          // ingress: Deny now before Accept
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
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-sctp-rules.go
  // default, subject ravenclaw: [0 Accept gryffindor, 1 Deny gryffindor, 2 Deny slytherin 9003, 3 Accept hufflepuff 9003,
  // 4 Deny hufflepuff]. Upstream's comments give the admin file's indexes (5, 6, 3).
  {
    shortName: 'CNPBaselineTierIngressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-sctp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for SCTP protocol; ensure rule ordering is respected",
        [],
        [sctp(HARRY_0, LUNA_0, 9003, true), sctp(HARRY_1, LUNA_0, 9005, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'ingress', 0, 1)],
        [sctp(HARRY_0, LUNA_1, 9003, false), sctp(HARRY_1, LUNA_1, 9005, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-ingress' policy for SCTP protocol at the specified port",
        [],
        [
          sctp(DRACO_0, LUNA_0, 9003, false), // ingress rule 2
          sctp(DRACO_1, LUNA_0, 9005, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-tcp-rules.go
  // default, subject gryffindor: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 80, 3 Accept hufflepuff 80,
  // 4 Deny hufflepuff]
  {
    shortName: 'CNPBaselineTierIngressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for TCP protocol; ensure rule ordering is respected",
        [],
        [tcp(LUNA_0, HARRY_0, 80, true), tcp(LUNA_1, HARRY_0, 8080, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'ingress', 0, 1)],
        [tcp(LUNA_0, HARRY_1, 80, false), tcp(LUNA_1, HARRY_1, 8080, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-ingress' policy for TCP protocol at the specified port",
        [],
        [
          tcp(DRACO_0, HARRY_0, 80, false), // ingress rule 2
          tcp(DRACO_1, HARRY_0, 8080, true), // matches no rule
        ],
      ),
    ],
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-udp-rules.go
  // default, subject hufflepuff: [0 Accept ravenclaw, 1 Deny ravenclaw, 2 Deny slytherin 5353, 3 Accept gryffindor 53,
  // 4 Deny gryffindor]. Upstream's comments give the admin file's indexes (5, 6, 3).
  {
    shortName: 'CNPBaselineTierIngressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-udp-rules.yaml`],
    subtests: [
      subtest(
        "Should support an 'allow-ingress' policy for UDP protocol; ensure rule ordering is respected",
        [],
        [udp(LUNA_0, CEDRIC_0, 53, true), udp(LUNA_1, CEDRIC_0, 5353, true)], // ingress rule 0 (Accept) before rule 1 (Deny)
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
        [swapRules(KIND, 'default', 'ingress', 0, 1)],
        [udp(LUNA_0, CEDRIC_1, 53, false), udp(LUNA_1, CEDRIC_1, 5353, false)], // Deny now before Accept
      ),
      subtest(
        "Should support a 'deny-ingress' policy for UDP protocol at the specified port",
        [],
        [
          udp(DRACO_0, CEDRIC_0, 5353, false), // ingress rule 2 (upstream's comment says port 80)
          udp(DRACO_1, CEDRIC_0, 53, true), // matches no rule
        ],
      ),
    ],
  },
];

/** The suite at the commit vendored in ./cnp-suite/. */
export const CNP_SUITE: ConformanceSuite = {
  title: 'ClusterNetworkPolicy',
  policyKinds: { ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2', NetworkPolicy: 'networking.k8s.io/v1' },
  upstream: UPSTREAM,
  files: FILES,
  cases: CASES,
};
