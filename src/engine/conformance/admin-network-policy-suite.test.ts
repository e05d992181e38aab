/**
 * Checks the transcription of the AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy conformance suite at v0.1.8
 * (admin-network-policy-suite.test.helper.ts) and its model cluster against
 * what was vendored from upstream (anp-suite/files.ts), as checkSuite
 * (upstream-checks.test.helper.ts) does for every suite, and what is the
 * suite's own: no engine runs here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANP_SUITE } from './admin-network-policy-suite.test.helper.js';
import * as VENDORED from './anp-suite/files.js';
import { CNP_SUITE } from './cluster-network-policy-suite.test.helper.js';
import { checkSuite, parseFile, policiesAfter, ruleNames } from './upstream-checks.test.helper.js';
import { suiteModel } from './upstream-model.test.helper.js';
import { CEDRIC_0, LUNA_0 } from './upstream-suite.test.helper.js';

checkSuite(ANP_SUITE, VENDORED);

describe('AdminNetworkPolicy conformance transcription, its own', () => {
  it('is the release v0.1.8', () => {
    assert.equal(ANP_SUITE.upstream.ref, 'v0.1.8');
    assert.equal(VENDORED.UPSTREAM.ref, 'v0.1.8');
  });

  it('runs in the cluster of the same base/manifests.yaml as the ClusterNetworkPolicy suite (its text, after the vendored header)', () => {
    const body = (text: string | undefined) => text?.replace(/^(#[^\n]*\n){8}/, '');
    assert.equal(body(ANP_SUITE.files['base/manifests.yaml']), body(CNP_SUITE.files['base/manifests.yaml']));
    assert.deepEqual(suiteModel(ANP_SUITE.files).objects(), suiteModel(CNP_SUITE.files).objects());
  });

  it('keeps a test’s changes for its later subtests (egress-tcp after both swaps)', () => {
    const [anp] = policiesAfter(ANP_SUITE, 'AdminNetworkPolicyEgressTCP');
    assert.deepEqual(ruleNames(anp, 'egress'), [
      'pass-to-ravenclaw-everything',
      'allow-to-ravenclaw-everything',
      'deny-to-ravenclaw-everything',
      'pass-to-slytherin-at-port-80',
      'deny-to-slytherin-at-port-80',
      'allow-to-hufflepuff-at-port-8080',
      'deny-to-hufflepuff-everything-else',
    ]);
  });

  it('puts the model’s pod IPs into the inserted networks peer, with v1alpha1’s Allow', () => {
    const { info } = suiteModel(ANP_SUITE.files);
    for (const shortName of ['AdminNetworkPolicyEgressInlineCIDRPeers', 'BaselineAdminNetworkPolicyEgressInlineCIDRPeers']) {
      const [policy] = policiesAfter(ANP_SUITE, shortName);
      assert.deepEqual((policy!['spec'] as { egress: unknown[] }).egress[0], {
        name: 'allow-egress-to-specific-podIPs',
        action: 'Allow',
        to: [{ networks: [`${info.podIP(LUNA_0)}/32`, `${info.podIP(CEDRIC_0)}/32`] }],
      });
      assert.deepEqual(ruleNames(policy, 'egress'), ['allow-egress-to-specific-podIPs', 'allow-egress-to-slytherin', 'deny-egress-to-internet'], shortName);
    }
  });

  it('rewrites the named-port tests’ rules as v1alpha1 spells a named port, keeping the rest of the rule', () => {
    const cases: [string, 'ingress' | 'egress', number, string, string][] = [
      ['AdminNetworkPolicyEgressNamedPort', 'egress', 5, 'web', 'allow-to-hufflepuff-at-port-8080'],
      ['AdminNetworkPolicyIngressNamedPort', 'ingress', 5, 'dns', 'allow-from-gryffindor-at-port-53'],
      ['BaselineAdminNetworkPolicyEgressNamedPort', 'egress', 3, 'dns', 'allow-to-gryffindor-at-port-53'],
      ['BaselineAdminNetworkPolicyIngressNamedPort', 'ingress', 3, 'web', 'allow-from-hufflepuff-at-port-80'],
    ];
    for (const [shortName, gress, i, port, name] of cases) {
      const c = ANP_SUITE.cases.find((x) => x.shortName === shortName)!;
      const [before] = parseFile(ANP_SUITE, c.manifests[0]!);
      const [after] = policiesAfter(ANP_SUITE, shortName);
      const rulesBefore = (before!['spec'] as Record<string, Record<string, unknown>[]>)[gress]!;
      const rulesAfter = (after!['spec'] as Record<string, Record<string, unknown>[]>)[gress]!;
      assert.equal(rulesAfter[i]?.['name'], name, shortName);
      assert.deepEqual(rulesAfter[i], { ...rulesBefore[i], ports: [{ namedPort: port }] }, shortName);
      assert.deepEqual(rulesAfter.filter((_, j) => j !== i), rulesBefore.filter((_, j) => j !== i), shortName);
    }
  });

  it('moves the old-priority-60 policy before priority-50 only by its priority, and passes to the baseline', () => {
    const policies = policiesAfter(ANP_SUITE, 'AdminNetworkPolicyPriorityField');
    assert.deepEqual(
      policies.map((p) => [p['kind'], (p['metadata'] as { name: string }).name, (p['spec'] as { priority?: number }).priority]),
      [
        ['AdminNetworkPolicy', 'priority-50-example', 50],
        ['AdminNetworkPolicy', 'old-priority-60-new-priority-40-example', 40],
        ['BaselineAdminNetworkPolicy', 'default', undefined],
      ],
    );
  });
});
