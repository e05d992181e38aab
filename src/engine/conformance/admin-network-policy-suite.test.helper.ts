/**
 * The AdminNetworkPolicy and BaselineAdminNetworkPolicy conformance suite of
 * kubernetes-sigs/network-policy-api at the release v0.1.8
 * (conformance/tests/*.go, v1alpha1), transcribed as data: every
 * ConformanceTest, in upstream's order, with its channel, features and
 * manifests; the subtests (every t.Run, change and kubernetes.PokeServer
 * call, with the expected value upstream states) are those this version
 * shares with the later ClusterNetworkPolicy suite, transcribed once in
 * ./upstream-tests.test.helper.ts. The YAML the tests apply is vendored in
 * ./anp-suite/ (FILES, with the tag and commit); what a transcription is made
 * of, and how to run a case, is in ./upstream-suite.test.helper.ts.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 *
 * What v0.1.8 says differently from the ClusterNetworkPolicy suite:
 * - Two kinds: AdminNetworkPolicy (by `priority`, actions Allow, Deny, Pass)
 *   and the singleton BaselineAdminNetworkPolicy `default` (Allow, Deny);
 *   ports are `ports: [{portNumber | portRange | namedPort}]`.
 * - The inline-CIDR tests do not relabel slytherin's namespace.
 * - Features: AdminNetworkPolicy and BaselineAdminNetworkPolicy are standard;
 *   named ports and egress node peers of each are experimental, and so are
 *   their CRD fields (`namedPort`, `nodes`).
 * - The integration and priority tests need both AdminNetworkPolicy and
 *   BaselineAdminNetworkPolicy. (The suite's Setup applies base/manifests.yaml
 *   only when AdminNetworkPolicy is supported: a run with only
 *   BaselineAdminNetworkPolicy would have no pods to poke.)
 * - PokeServer pokes once and returns whether the result was the expected
 *   one, and every test asserts it right after (the vendor script checks
 *   that); later versions retry until a timeout.
 */
import { FILES, UPSTREAM } from './anp-suite/files.js';
import type { ConformanceCase, ConformanceSuite } from './upstream-suite.test.helper.js';
import {
  adminEgressInlineCIDRPeers,
  adminEgressNamedPort,
  adminEgressNodePeers,
  adminEgressSCTP,
  adminEgressTCP,
  adminEgressUDP,
  adminGress,
  adminIngressNamedPort,
  adminIngressSCTP,
  adminIngressTCP,
  adminIngressUDP,
  adminIntegration,
  adminPriorityField,
  baselineEgressInlineCIDRPeers,
  baselineEgressNamedPort,
  baselineEgressNodePeers,
  baselineEgressSCTP,
  baselineEgressTCP,
  baselineEgressUDP,
  baselineGress,
  baselineIngressNamedPort,
  baselineIngressSCTP,
  baselineIngressTCP,
  baselineIngressUDP,
  type Version,
} from './upstream-tests.test.helper.js';

/** What v1alpha1 at v0.1.8 says differently. */
const V: Version = {
  admin: 'AdminNetworkPolicy',
  baseline: 'BaselineAdminNetworkPolicy',
  hostNetworkPorts: UPSTREAM.hostNetworkPorts,
  names: { admin: 'ANP', baseline: 'baseline admin network policy', baselineShort: 'BANP' },
  inlineCIDRRelabelsSlytherin: false,
};

const ADMIN = 'base/admin_network_policy';
const BASELINE = 'base/baseline_admin_network_policy';
const ANP = 'AdminNetworkPolicy';
const BANP = 'BaselineAdminNetworkPolicy';
const ANP_NAMED_PORTS = 'AdminNetworkPolicyNamedPorts';
const ANP_EGRESS_NODE_PEERS = 'AdminNetworkPolicyEgressNodePeers';
const BANP_NAMED_PORTS = 'BaselineAdminNetworkPolicyNamedPorts';
const BANP_EGRESS_NODE_PEERS = 'BaselineAdminNetworkPolicyEgressNodePeers';

// --- The suite, in upstream's order (ConformanceTests as the init functions build it) -----

const CASES: ConformanceCase[] = [
  // conformance/tests/admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'AdminNetworkPolicyEgressNamedPort',
    channel: 'experimental',
    features: [ANP, ANP_NAMED_PORTS],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: adminEgressNamedPort(V),
  },
  {
    shortName: 'AdminNetworkPolicyEgressNodePeers',
    channel: 'experimental',
    features: [ANP, ANP_EGRESS_NODE_PEERS],
    manifests: [`${ADMIN}/experimental-egress-selector-rules.yaml`],
    subtests: adminEgressNodePeers(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'AdminNetworkPolicyEgressInlineCIDRPeers',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-egress-inline-cidr-rules.yaml`],
    subtests: adminEgressInlineCIDRPeers(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-sctp-rules.go
  {
    shortName: 'AdminNetworkPolicyEgressSCTP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-egress-sctp-rules.yaml`],
    subtests: adminEgressSCTP(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-tcp-rules.go
  {
    shortName: 'AdminNetworkPolicyEgressTCP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: adminEgressTCP(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-udp-rules.go
  {
    shortName: 'AdminNetworkPolicyEgressUDP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-egress-udp-rules.yaml`],
    subtests: adminEgressUDP(V),
  },

  // conformance/tests/admin-network-policy-standard-gress-rules.go
  {
    shortName: 'AdminNetworkPolicyGress',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-gress-rules-combined.yaml`],
    subtests: adminGress(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-sctp-rules.go
  {
    shortName: 'AdminNetworkPolicyIngressSCTP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-ingress-sctp-rules.yaml`],
    subtests: adminIngressSCTP(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go
  {
    shortName: 'AdminNetworkPolicyIngressTCP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-ingress-tcp-rules.yaml`],
    subtests: adminIngressTCP(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'AdminNetworkPolicyIngressUDP',
    channel: 'standard',
    features: [ANP],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: adminIngressUDP(V),
  },
  // declared in admin-network-policy-experimental-ingress-rules.go, registered by the init() of
  // admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'AdminNetworkPolicyIngressNamedPort',
    channel: 'experimental',
    features: [ANP, ANP_NAMED_PORTS],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: adminIngressNamedPort(V),
  },

  // conformance/tests/admin-network-policy-standard-integration.go
  {
    shortName: 'AdminNetworkPolicyIntegration',
    channel: 'standard',
    features: [ANP, BANP],
    manifests: ['base/api_integration/standard-anp-np-banp.yaml'],
    subtests: adminIntegration(V),
  },

  // conformance/tests/admin-network-policy-standard-priority.go
  {
    shortName: 'AdminNetworkPolicyPriorityField',
    channel: 'standard',
    features: [ANP, BANP],
    manifests: [`${ADMIN}/standard-priority-field.yaml`],
    subtests: adminPriorityField(V),
  },

  // conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyEgressNamedPort',
    channel: 'experimental',
    features: [BANP, BANP_NAMED_PORTS],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: baselineEgressNamedPort(V),
  },
  {
    shortName: 'BaselineAdminNetworkPolicyEgressNodePeers',
    channel: 'experimental',
    features: [BANP, BANP_EGRESS_NODE_PEERS],
    manifests: [`${BASELINE}/experimental-egress-selector-rules.yaml`],
    subtests: baselineEgressNodePeers(V),
  },

  // conformance/tests/baseline-admin-network-policy-experimental-ingress-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyIngressNamedPort',
    channel: 'experimental',
    features: [BANP, BANP_NAMED_PORTS],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: baselineIngressNamedPort(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyEgressInlineCIDRPeers',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-egress-inline-cidr-rules.yaml`],
    subtests: baselineEgressInlineCIDRPeers(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-sctp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyEgressSCTP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-egress-sctp-rules.yaml`],
    subtests: baselineEgressSCTP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-tcp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyEgressTCP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-egress-tcp-rules.yaml`],
    subtests: baselineEgressTCP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-udp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyEgressUDP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: baselineEgressUDP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-gress-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyGress',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-gress-rules-combined.yaml`],
    subtests: baselineGress(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-sctp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyIngressSCTP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-ingress-sctp-rules.yaml`],
    subtests: baselineIngressSCTP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-tcp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyIngressTCP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: baselineIngressTCP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'BaselineAdminNetworkPolicyIngressUDP',
    channel: 'standard',
    features: [BANP],
    manifests: [`${BASELINE}/standard-ingress-udp-rules.yaml`],
    subtests: baselineIngressUDP(V),
  },
];

/** The suite at v0.1.8, vendored in ./anp-suite/. */
export const ANP_SUITE: ConformanceSuite = {
  title: 'AdminNetworkPolicy',
  policyKinds: {
    AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
    BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
    NetworkPolicy: 'networking.k8s.io/v1',
  },
  upstream: UPSTREAM,
  files: FILES,
  cases: CASES,
};
