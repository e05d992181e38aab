/**
 * The ClusterNetworkPolicy conformance suite of kubernetes-sigs/network-policy-api
 * (conformance/tests/*.go, v1alpha2), transcribed as data: every
 * ConformanceTest, in upstream's order, with its channel, features and
 * manifests; the subtests (every t.Run, change and kubernetes.PokeServer
 * call, with the expected value upstream states) are those this version
 * shares with v0.1.8's AdminNetworkPolicy suite, transcribed once in
 * ./upstream-tests.test.helper.ts. The YAML the tests apply is vendored in
 * ./cnp-suite/ (FILES, with the upstream commit); what a transcription is
 * made of, and how to run a case, is in ./upstream-suite.test.helper.ts.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 */
import { FILES, UPSTREAM } from './cnp-suite/files.js';
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

/** What v1alpha2 says differently: one kind for both tiers. */
const V: Version = {
  admin: 'ClusterNetworkPolicy',
  baseline: 'ClusterNetworkPolicy',
  hostNetworkPorts: UPSTREAM.hostNetworkPorts,
  names: { admin: 'admin CNP', baseline: 'baseline cluster network policy', baselineShort: 'baseline CNP' },
  inlineCIDRRelabelsSlytherin: true,
};

const ADMIN = 'base/admin_tier';
const BASELINE = 'base/baseline_tier';
const CNP = 'ClusterNetworkPolicy';
const NAMED_PORTS = 'ClusterNetworkPolicyNamedPorts';
const EGRESS_NODE_PEERS = 'ClusterNetworkPolicyEgressNodePeers';

// --- The suite, in upstream's order (ConformanceTests as the init functions build it) -----

const CASES: ConformanceCase[] = [
  // conformance/tests/admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'CNPAdminTierEgressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: adminEgressNamedPort(V),
  },
  {
    shortName: 'CNPAdminTierEgressNodePeers',
    channel: 'experimental',
    features: [CNP, EGRESS_NODE_PEERS],
    manifests: [`${ADMIN}/experimental-egress-selector-rules.yaml`],
    subtests: adminEgressNodePeers(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'CNPAdminTierEgressInlineCIDRPeers',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-inline-cidr-rules.yaml`],
    subtests: adminEgressInlineCIDRPeers(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-sctp-rules.go
  {
    shortName: 'CNPAdminTierEgressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-sctp-rules.yaml`],
    subtests: adminEgressSCTP(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-tcp-rules.go
  {
    shortName: 'CNPAdminTierEgressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-tcp-rules.yaml`],
    subtests: adminEgressTCP(V),
  },

  // conformance/tests/admin-network-policy-standard-egress-udp-rules.go
  {
    shortName: 'CNPAdminTierEgressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-egress-udp-rules.yaml`],
    subtests: adminEgressUDP(V),
  },

  // conformance/tests/admin-network-policy-standard-gress-rules.go
  {
    shortName: 'CNPAdminTierGress',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-gress-rules-combined.yaml`],
    subtests: adminGress(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-sctp-rules.go
  {
    shortName: 'CNPAdminTierIngressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-sctp-rules.yaml`],
    subtests: adminIngressSCTP(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-tcp-rules.go
  {
    shortName: 'CNPAdminTierIngressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-tcp-rules.yaml`],
    subtests: adminIngressTCP(V),
  },

  // conformance/tests/admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'CNPAdminTierIngressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: adminIngressUDP(V),
  },
  // declared in admin-network-policy-experimental-ingress-rules.go, registered by the init() of
  // admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'CNPAdminTierIngressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${ADMIN}/standard-ingress-udp-rules.yaml`],
    subtests: adminIngressNamedPort(V),
  },

  // conformance/tests/admin-network-policy-standard-integration.go
  {
    shortName: 'CNPAdminTierIntegration',
    channel: 'standard',
    features: [CNP],
    manifests: ['base/api_integration/standard-anp-np-banp.yaml'],
    subtests: adminIntegration(V),
  },

  // conformance/tests/admin-network-policy-standard-priority.go
  {
    shortName: 'CNPAdminTierPriorityField',
    channel: 'standard',
    features: [CNP],
    manifests: [`${ADMIN}/standard-priority-field.yaml`],
    subtests: adminPriorityField(V),
  },

  // conformance/tests/baseline-admin-network-policy-experimental-egress-rules.go
  {
    shortName: 'CNPBaselineTierEgressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: baselineEgressNamedPort(V),
  },
  {
    shortName: 'CNPBaselineTierEgressNodePeers',
    channel: 'experimental',
    features: [CNP, EGRESS_NODE_PEERS],
    manifests: [`${BASELINE}/experimental-egress-selector-rules.yaml`],
    subtests: baselineEgressNodePeers(V),
  },

  // conformance/tests/baseline-admin-network-policy-experimental-ingress-rules.go
  {
    shortName: 'CNPBaselineTierIngressNamedPort',
    channel: 'experimental',
    features: [CNP, NAMED_PORTS],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: baselineIngressNamedPort(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-inline-cidr-rules.go
  {
    shortName: 'CNPBaselineTierEgressInlineCIDRPeers',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-inline-cidr-rules.yaml`],
    subtests: baselineEgressInlineCIDRPeers(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-sctp-rules.go
  {
    shortName: 'CNPBaselineTierEgressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-sctp-rules.yaml`],
    subtests: baselineEgressSCTP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-tcp-rules.go
  {
    shortName: 'CNPBaselineTierEgressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-tcp-rules.yaml`],
    subtests: baselineEgressTCP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-egress-udp-rules.go
  {
    shortName: 'CNPBaselineTierEgressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-egress-udp-rules.yaml`],
    subtests: baselineEgressUDP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-gress-rules.go
  {
    shortName: 'CNPBaselineTierGress',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-gress-rules-combined.yaml`],
    subtests: baselineGress(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-sctp-rules.go
  {
    shortName: 'CNPBaselineTierIngressSCTP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-sctp-rules.yaml`],
    subtests: baselineIngressSCTP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-tcp-rules.go
  {
    shortName: 'CNPBaselineTierIngressTCP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-tcp-rules.yaml`],
    subtests: baselineIngressTCP(V),
  },

  // conformance/tests/baseline-admin-network-policy-standard-ingress-udp-rules.go
  {
    shortName: 'CNPBaselineTierIngressUDP',
    channel: 'standard',
    features: [CNP],
    manifests: [`${BASELINE}/standard-ingress-udp-rules.yaml`],
    subtests: baselineIngressUDP(V),
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
