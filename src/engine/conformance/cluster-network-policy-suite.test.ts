/**
 * Checks the transcription of the ClusterNetworkPolicy conformance suite
 * (cluster-network-policy-suite.test.helper.ts) and its model cluster against
 * what was vendored from upstream (cnp-suite/files.ts), as checkSuite
 * (upstream-checks.test.helper.ts) does for every suite, and what is the
 * suite's own: no engine runs here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CNP_SUITE } from './cluster-network-policy-suite.test.helper.js';
import * as VENDORED from './cnp-suite/files.js';
import { checkSuite, policiesAfter, ruleNames } from './upstream-checks.test.helper.js';
import { suiteModel } from './upstream-model.test.helper.js';
import { CEDRIC_0, LUNA_0 } from './upstream-suite.test.helper.js';

/** destinationNamedPort is in the standard CRD at the vendored commit, while upstream's features.go counts named ports experimental. */
const NAMED_PORT_IN_STANDARD_CRD = 'the standard CRD has destinationNamedPort; upstream counts the feature (ClusterNetworkPolicyNamedPorts) experimental';

checkSuite(CNP_SUITE, VENDORED, {
  CNPAdminTierEgressNamedPort: NAMED_PORT_IN_STANDARD_CRD,
  CNPAdminTierIngressNamedPort: NAMED_PORT_IN_STANDARD_CRD,
  CNPBaselineTierEgressNamedPort: NAMED_PORT_IN_STANDARD_CRD,
  CNPBaselineTierIngressNamedPort: NAMED_PORT_IN_STANDARD_CRD,
});

describe('ClusterNetworkPolicy conformance transcription, its own', () => {
  it('keeps a test’s changes for its later subtests (egress-tcp after both swaps)', () => {
    const [cnp] = policiesAfter(CNP_SUITE, 'CNPAdminTierEgressTCP');
    assert.deepEqual(ruleNames(cnp, 'egress'), [
      'pass-to-ravenclaw-everything',
      'allow-to-ravenclaw-everything',
      'deny-to-ravenclaw-everything',
      'pass-to-slytherin-at-port-80',
      'deny-to-slytherin-at-port-80',
      'allow-to-hufflepuff-at-port-8080',
      'deny-to-hufflepuff-everything-else',
    ]);
  });

  it('puts the model’s pod IPs into the inserted networks peer', () => {
    const { info } = suiteModel(CNP_SUITE.files);
    const [cnp] = policiesAfter(CNP_SUITE, 'CNPAdminTierEgressInlineCIDRPeers');
    assert.deepEqual((cnp!['spec'] as { egress: unknown[] }).egress[0], {
      name: 'allow-egress-to-specific-podIPs',
      action: 'Accept',
      to: [{ networks: [`${info.podIP(LUNA_0)}/32`, `${info.podIP(CEDRIC_0)}/32`] }],
    });
  });
});
