/**
 * The cases of kubernetes/kubernetes test/e2e/network/netpol/network_legacy.go
 * ("NetworkPolicyLegacy"), translated to the x/y/z model. Legacy tests run one
 * server and short-lived clients and probe a few pairs; here the server is
 * x/a, client-a is x/b, client-b is x/c, namespace-b is y and namespace-c is
 * z (legacy's `pod-name` and `ns-name` labels are the model's `pod` and `ns`),
 * and every pair is checked: the full truth tables below are derived from the
 * legacy policies, and agree with every pair the legacy test probes.
 *
 * Legacy cases whose policy and expectation are the same as a case of
 * network_policy.go are not repeated: default-deny-ingress, default-deny-all,
 * allow traffic from pods within server namespace based on PodSelector, only
 * from a different namespace based on NamespaceSelector, PodSelector with
 * MatchExpressions, allow-all, ingress from namespace on one named port,
 * egress to a server in a different namespace based on PodSelector and
 * NamespaceSelector, egress to server in CIDR block, and the SCTP context's
 * default-deny and PodSelector-and-NamespaceSelector.
 */
import { describe, test } from 'node:test';
import { matchExpression, matchLabels, runScenario, SCTP, type Scenario, TCP } from './harness.test.helper.js';
import { namespaceManifest, networkPolicyManifest as policy, podIP, podManifest, Reachability } from './model.js';

const allowed = () => new Reachability(true);

const server = matchLabels({ pod: 'a' });
const clientA = matchLabels({ pod: 'b' });
const clientB = matchLabels({ pod: 'c' });

/** Legacy policies mostly leave `policyTypes` out: the API server's defaulting decides. */
const serverIngress = (name: string, ingress: unknown[], extra: Record<string, unknown> = {}) =>
  policy('x', name, { podSelector: server, ingress, ...extra });

const exceptPolicy = policy('x', 'deny-client-a-via-except-cidr-egress-rule', {
  podSelector: clientA,
  policyTypes: ['Egress'],
  egress: [{ to: [{ ipBlock: { cidr: '10.0.1.0/24', except: [`${podIP('x/a')}/32`] } }] }],
});

const allowServerCIDR = policy('x', 'allow-client-a-via-cidr-egress-rule', {
  podSelector: clientA,
  policyTypes: ['Egress'],
  egress: [{ to: [{ ipBlock: { cidr: `${podIP('x/a')}/32` } }] }],
});

const cases: Scenario[] = [
  {
    name: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    policies: [
      serverIngress('allow-any-ns-different-than-ns-a-via-ns-selector-with-match-expressions', [
        { from: [{ namespaceSelector: matchExpression('ns', 'NotIn', ['z']) }] },
      ]),
    ],
    steps: [{ probe: TCP(80), expect: allowed().expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false) }],
  },
  {
    name: 'should enforce policy based on PodSelector or NamespaceSelector',
    policies: [
      serverIngress('allow-ns-b-via-namespace-selector-or-client-b-via-pod-selector', [
        { from: [{ podSelector: clientB }, { namespaceSelector: matchLabels({ ns: 'y' }) }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectAllIngress('x/a', false)
          .expect('x/c', 'x/a', true)
          .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true),
      },
    ],
  },
  {
    name: 'should enforce policy based on PodSelector and NamespaceSelector',
    policies: [
      serverIngress('allow-client-b-in-ns-b-via-ns-selector-and-pod-selector', [
        { from: [{ podSelector: clientB, namespaceSelector: matchLabels({ ns: 'y' }) }] },
      ]),
    ],
    steps: [{ probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('y/c', 'x/a', true) }],
  },
  {
    name: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    policies: [
      serverIngress('allow-ns-b-client-a-via-namespace-pod-selector', [
        { from: [{ namespaceSelector: matchLabels({ ns: 'y' }), podSelector: clientA }] },
      ]),
    ],
    steps: [{ probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('y/b', 'x/a', true) }],
  },
  {
    name: 'should enforce policy based on Ports',
    policies: [serverIngress('allow-ingress-on-port-81', [{ ports: [{ port: 81 }] }])],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      { probe: TCP(81), expect: allowed() },
    ],
  },
  {
    name: 'should enforce multiple, stacked policies with overlapping podSelectors',
    policies: [
      serverIngress('allow-ingress-on-port-80', [{ ports: [{ port: 80 }] }]),
      serverIngress('allow-ingress-on-port-81', [{ ports: [{ port: 81 }] }]),
    ],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: TCP(81), expect: allowed() },
    ],
  },
  {
    name: 'should allow ingress access on one named port',
    policies: [serverIngress('allow-client-a-via-named-port-ingress-rule', [{ ports: [{ port: 'serve-80-tcp' }] }])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) },
    ],
  },
  {
    // No policyTypes and an egress rule: the policy is defaulted to Ingress
    // and Egress, so client-a is also isolated for ingress, with no rule.
    name: 'should allow egress access on one named port',
    policies: [policy('x', 'allow-client-a-via-named-port-egress-rule', { podSelector: clientA, egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/b', false) },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/b', false).expectAllEgress('x/b', false) },
    ],
  },
  {
    name: 'should enforce updated policy',
    policies: [serverIngress('allow-ingress', [{ from: [{ podSelector: clientA }], ports: [{ port: 80 }] }])],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true) },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [{ upsert: serverIngress('allow-ingress', [{ from: [{ podSelector: clientB }], ports: [{ port: 81 }] }]) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false),
      },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/a', false).expect('x/c', 'x/a', true) },
    ],
  },
  {
    name: 'should allow ingress access from updated namespace',
    policies: [serverIngress('allow-ns-b-via-namespace-selector', [{ from: [{ namespaceSelector: matchLabels({ ns: 'y-updated' }) }] }])],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [{ upsert: namespaceManifest('y', { ns: 'y-updated' }) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true),
      },
    ],
  },
  {
    name: 'should allow ingress access from updated pod',
    policies: [serverIngress('allow-pod-b-via-pod-selector', [{ from: [{ podSelector: matchExpression('pod', 'DoesNotExist') }] }])],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [{ upsert: podManifest('x/b', {}) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true),
      },
    ],
  },
  {
    name: 'should deny ingress access to updated pod',
    policies: [
      policy('x', 'deny-ingress-via-isolated-label-selector', {
        podSelector: { matchLabels: { pod: 'a' }, matchExpressions: [{ key: 'isolated', operator: 'Exists' }] },
        policyTypes: ['Ingress'],
        ingress: [],
      }),
    ],
    steps: [
      { probe: TCP(80), expect: allowed() },
      {
        changes: [{ upsert: podManifest('x/a', { pod: 'a', isolated: '' }) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false),
      },
    ],
  },
  {
    name: 'should work with Ingress,Egress specified together',
    policies: [
      policy('x', 'ingress-egress-rule', {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ namespaceSelector: matchLabels({ ns: 'y' }) }], ports: [{ port: 80 }] }],
        egress: [{ to: [{ namespaceSelector: matchLabels({ ns: 'y' }) }], ports: [{ port: 80 }] }],
      }),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({}, { namespace: 'x' }, false)
          .expectPeer({ namespace: 'x' }, {}, false)
          .expectPeer({ namespace: 'y' }, { namespace: 'x' }, true)
          .expectPeer({ namespace: 'x' }, { namespace: 'y' }, true),
      },
      { probe: TCP(81), expect: allowed().expectPeer({}, { namespace: 'x' }, false).expectPeer({ namespace: 'x' }, {}, false) },
    ],
  },
  {
    name: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    policies: [serverIngress('allow-from-client-b-pod-selector', [{ from: [{ podSelector: clientB }] }], { policyTypes: ['Ingress'] })],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('x/c', 'x/a', true) },
      {
        changes: [{ upsert: policy('x', 'allow-all', { podSelector: { matchLabels: {} }, policyTypes: ['Ingress'], ingress: [{}] }) }],
        probe: TCP(80),
        expect: allowed(),
      },
    ],
  },
  {
    name: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    policies: [policy('x', 'allow-to-server-a-pod-selector', { podSelector: clientA, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: server }] }] })],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/a', true) },
      {
        changes: [{ upsert: policy('x', 'allow-all', { podSelector: { matchLabels: {} }, policyTypes: ['Egress'], egress: [{}] }) }],
        probe: TCP(80),
        expect: allowed(),
      },
    ],
  },
  {
    name: 'should stop enforcing policies after they are deleted',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })],
    steps: [
      { probe: TCP(80), expect: allowed().expectPeer({}, { namespace: 'x' }, false) },
      {
        changes: [{ upsert: serverIngress('allow-from-client-a-pod-selector', [{ from: [{ podSelector: clientA }] }], { policyTypes: ['Ingress'] }) }],
        probe: TCP(80),
        expect: allowed().expectPeer({}, { namespace: 'x' }, false).expect('x/b', 'x/a', true),
      },
      {
        changes: [{ deletePolicy: { namespace: 'x', name: 'allow-from-client-a-pod-selector' } }],
        probe: TCP(80),
        expect: allowed().expectPeer({}, { namespace: 'x' }, false),
      },
      { changes: [{ deletePolicy: { namespace: 'x', name: 'deny-all' } }], probe: TCP(80), expect: allowed() },
    ],
  },
  {
    // The /24 of the server's IP holds x's pods only: client-a keeps x/c.
    name: 'should enforce except clause while egress access to server in CIDR block',
    policies: [exceptPolicy],
    steps: [{ probe: TCP(80), expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/c', true) }],
  },
  {
    name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    policies: [exceptPolicy],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/c', true) },
      {
        changes: [{ upsert: allowServerCIDR }],
        probe: TCP(80),
        expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/c', true).expect('x/b', 'x/a', true),
      },
      {
        changes: [{ deletePolicy: { namespace: 'x', name: 'deny-client-a-via-except-cidr-egress-rule' } }],
        probe: TCP(80),
        expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/a', true),
      },
      {
        changes: [{ upsert: exceptPolicy }],
        probe: TCP(80),
        expect: allowed().expectAllEgress('x/b', false).expect('x/b', 'x/c', true).expect('x/b', 'x/a', true),
      },
    ],
  },
  {
    // pod-a is x/a, pod-b is x/b.
    name: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    policies: [
      policy('x', 'allow-pod-a-to-pod-b-using-pod-selector', { podSelector: server, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: clientA }] }] }),
      policy('x', 'deny-pod-b-to-pod-a-pod-selector', { podSelector: server, policyTypes: ['Ingress'], ingress: [] }),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectAllEgress('x/a', false).expect('x/a', 'x/b', true).expectAllIngress('x/a', false),
      },
    ],
  },
  {
    name: 'should not allow access by TCP when a policy specifies only SCTP',
    policies: [serverIngress('allow-only-sctp-ingress-on-port-80', [{ ports: [{ port: 80, protocol: 'SCTP' }] }])],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      { probe: SCTP(80), expect: allowed() },
    ],
  },
];

const sctpCases: Scenario[] = [
  {
    name: 'should enforce policy based on Ports',
    policies: [serverIngress('allow-ingress-on-port-81', [{ ports: [{ port: 81, protocol: 'SCTP' }] }])],
    steps: [
      { probe: SCTP(80), expect: allowed().expectAllIngress('x/a', false) },
      { probe: SCTP(81), expect: allowed() },
    ],
  },
];

describe('upstream legacy e2e: NetworkPolicy between server and client', () => {
  for (const c of cases) test(`upstream legacy: ${c.name}`, () => runScenario(c));
});

describe('upstream legacy e2e: NetworkPolicy between server and client using SCTP', () => {
  for (const c of sctpCases) test(`upstream legacy (SCTP): ${c.name}`, () => runScenario(c));
});
