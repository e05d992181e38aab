/**
 * The cases of kubernetes/kubernetes test/e2e/network/netpol/network_policy.go
 * (contexts "NetworkPolicy between server and client", "... using UDP",
 * "... using SCTP"), one test each, named after the upstream case, with the
 * policies and expected reachability upstream states. Policies are written
 * here as upstream's generators build them: each direction that has a rule
 * list is also listed in `policyTypes`.
 *
 * (Named *.test.helper.ts: the engine's tests and the lab's both run these.)
 *
 * Differences from upstream, all on purpose:
 * - A pod's traffic to itself is expected allowed (Palisade: a pod cannot
 *   block traffic to itself); upstream ignores those cells.
 * - CIDRs that upstream writes with host bits (`<pod IP>/4`) are written as
 *   their network (`0.0.0.0/4`): the API server of 1.36 (strict CIDR
 *   validation) refuses the other form, and the addresses covered are the same.
 */
import {
  matchExpression,
  matchLabels,
  namespaceNamed,
  SCTP,
  type Scenario,
  TCP,
  UDP,
} from './harness.test.helper.js';
import { namespaceLabels, namespaceManifest, networkPolicyManifest as policy, podIP, podLabels, podManifest, Reachability } from './model.js';

const allowed = () => new Reachability(true);

/** The network of an IPv4 address at a prefix length: (10.0.1.1, 4) is 0.0.0.0/4. */
function networkOf(ip: string, prefix: number): string {
  const n = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(n / size) * size;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')}/${prefix}`;
}

const denyIngress = (ns: string, name: string, podSelector: Record<string, unknown> = {}) =>
  policy(ns, name, { podSelector, policyTypes: ['Ingress'], ingress: [] });

const ingressPolicy = (ns: string, name: string, podSelector: Record<string, unknown>, ingress: unknown[]) =>
  policy(ns, name, { podSelector, policyTypes: ['Ingress'], ingress });

const egressPolicy = (ns: string, name: string, podSelector: Record<string, unknown>, egress: unknown[]) =>
  policy(ns, name, { podSelector, policyTypes: ['Egress'], egress });

const podA = matchLabels({ pod: 'a' });

/** "should enforce policy based on Ports", for one protocol (the TCP, UDP and SCTP contexts differ in little else). */
function portsCase(protocol: 'TCP' | 'UDP' | 'SCTP', name: string): Scenario {
  return {
    name: 'should enforce policy based on Ports',
    policies: [
      ingressPolicy('x', name, podA, [{ from: [{ namespaceSelector: namespaceNamed('y') }], ports: [{ port: 81, protocol }] }]),
    ],
    steps: [
      {
        probe: { protocol, port: 81 },
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
    ],
  };
}

function podAndNamespaceSelectorCase(protocol: 'TCP' | 'UDP' | 'SCTP'): Scenario {
  return {
    name: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    policies: [
      ingressPolicy('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', podA, [
        { from: [{ namespaceSelector: namespaceNamed('y'), podSelector: matchLabels({ pod: 'a' }) }] },
      ]),
    ],
    steps: [{ probe: { protocol, port: 80 }, expect: allowed().expectAllIngress('x/a', false).expect('y/a', 'x/a', true) }],
  };
}

const allowToXaFromYa = egressPolicy('x', 'allow-to-ns-y-pod-a', podA, [
  { to: [{ namespaceSelector: namespaceNamed('y'), podSelector: matchLabels({ pod: 'a' }) }] },
]);

export const tcpCases: Scenario[] = [
  {
    name: "should support a 'default-deny-ingress' policy",
    policies: [denyIngress('x', 'deny-ingress')],
    steps: [{ probe: TCP(80), expect: allowed().expectPeer({}, { namespace: 'x' }, false) }],
  },
  {
    name: "should support a 'default-deny-all' policy",
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] })],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectPeer({}, { namespace: 'x' }, false).expectPeer({ namespace: 'x' }, {}, false),
      },
    ],
  },
  {
    name: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    policies: [ingressPolicy('x', 'x-a-allows-x-b', podA, [{ from: [{ podSelector: matchLabels({ pod: 'b' }) }] }])],
    steps: [{ probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true) }],
  },
  {
    name: 'should enforce policy to allow ingress traffic for a target',
    policies: [
      denyIngress('x', 'deny-all'),
      ingressPolicy('x', 'allow-all-to-a', podA, [{ from: [{ podSelector: {}, namespaceSelector: {} }] }]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', true).expectAllIngress('x/b', false).expectAllIngress('x/c', false),
      },
    ],
  },
  {
    name: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    policies: [ingressPolicy('x', 'allow-from-another-ns', podA, [{ from: [{ namespaceSelector: { matchLabels: {} } }] }])],
    steps: [{ probe: TCP(80), expect: allowed() }],
  },
  {
    name: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    policies: [ingressPolicy('x', 'allow-client-a-via-ns-selector', podA, [{ from: [{ namespaceSelector: namespaceNamed('y') }] }])],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
    ],
  },
  {
    name: 'should enforce policy based on PodSelector with MatchExpressions',
    policies: [ingressPolicy('x', 'x-a-allows-x-b', podA, [{ from: [{ podSelector: matchExpression('pod', 'In', ['b']) }] }])],
    steps: [{ probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true) }],
  },
  {
    name: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    policies: [
      ingressPolicy('x', 'allow-ns-y-match-selector', podA, [
        { from: [{ namespaceSelector: matchExpression('kubernetes.io/metadata.name', 'In', ['y']) }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
    ],
  },
  {
    name: 'should enforce policy based on PodSelector or NamespaceSelector',
    policies: [
      ingressPolicy('x', 'allow-ns-y-match-selector', podA, [
        {
          from: [
            { namespaceSelector: matchExpression('kubernetes.io/metadata.name', 'NotIn', ['x']) },
            { podSelector: matchLabels({ pod: 'b' }) },
          ],
        },
      ]),
    ],
    // upstream also expects x/a -> x/a denied, a cell it then ignores (loopback)
    steps: [{ probe: TCP(80), expect: allowed().expect('x/a', 'x/a', false).expect('x/c', 'x/a', false) }],
  },
  {
    name: 'should enforce policy based on PodSelector and NamespaceSelector',
    policies: [
      ingressPolicy('x', 'allow-ns-y-podselector-and-nsselector', podA, [
        {
          from: [
            {
              namespaceSelector: matchExpression('kubernetes.io/metadata.name', 'NotIn', ['x']),
              podSelector: matchLabels({ pod: 'b' }),
            },
          ],
        },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true),
      },
    ],
  },
  {
    name: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    policies: [
      ingressPolicy('x', 'allow-ns-y-z-pod-b-c', podA, [
        {
          from: [
            {
              namespaceSelector: matchExpression('kubernetes.io/metadata.name', 'NotIn', ['x']),
              podSelector: matchExpression('pod', 'In', ['b', 'c']),
            },
          ],
        },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expect('y/a', 'x/a', false)
          .expect('z/a', 'x/a', false),
      },
    ],
  },
  {
    name: 'should enforce policy based on any PodSelectors',
    policies: [
      ingressPolicy('x', 'allow-ns-x-pod-b-c', podA, [
        { from: [{ podSelector: matchLabels({ pod: 'b' }) }, { podSelector: matchLabels({ pod: 'c' }) }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true),
      },
    ],
  },
  podAndNamespaceSelectorCase('TCP'),
  portsCase('TCP', 'allow-client-a-via-ns-selector'),
  {
    name: 'should enforce multiple, stacked policies with overlapping podSelectors',
    policies: [
      ingressPolicy('x', 'allow-client-a-via-ns-selector', podA, [
        { from: [{ namespaceSelector: namespaceNamed('y') }], ports: [{ port: 81, protocol: 'TCP' }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(81),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [
          {
            upsert: ingressPolicy('x', 'allow-client-a-via-ns-selector-80', podA, [
              { from: [{ namespaceSelector: namespaceNamed('y') }], ports: [{ port: 80, protocol: 'TCP' }] },
            ]),
          },
        ],
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'y' }, { namespace: 'x', pod: 'a' }, true)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
    ],
  },
  {
    name: 'should support allow-all policy',
    policies: [ingressPolicy('x', 'allow-all', { matchLabels: {} }, [{}])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: TCP(81), expect: allowed() },
    ],
  },
  {
    name: 'should allow ingress access on one named port',
    policies: [ingressPolicy('x', 'allow-all', { matchLabels: {} }, [{ ports: [{ port: 'serve-81-tcp' }] }])],
    steps: [
      { probe: TCP(81), expect: allowed() },
      { probe: TCP(80), expect: allowed().expectPeer({}, { namespace: 'x' }, false) },
    ],
  },
  {
    name: 'should allow ingress access from namespace on one named port',
    policies: [
      ingressPolicy('x', 'allow-client-a-via-ns-selector-80', podA, [
        { from: [{ namespaceSelector: namespaceNamed('y') }], ports: [{ port: 'serve-80-tcp', protocol: 'TCP' }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'should allow egress access on one named port',
    policies: [egressPolicy('x', 'allow-egress', { matchLabels: {} }, [{ ports: [{ port: 'serve-80-tcp' }] }])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: TCP(81), expect: allowed().expectPeer({ namespace: 'x' }, {}, false) },
    ],
  },
  {
    name: 'should enforce updated policy',
    policies: [ingressPolicy('x', 'allow-all-mutate-to-deny-all', { matchLabels: {} }, [{}])],
    steps: [
      { probe: TCP(81), expect: allowed() },
      {
        changes: [{ upsert: ingressPolicy('x', 'allow-all-mutate-to-deny-all', { matchLabels: {} }, []) }],
        probe: TCP(81),
        expect: allowed().expectPeer({}, { namespace: 'x' }, false),
      },
    ],
  },
  {
    name: 'should allow ingress access from updated namespace',
    policies: [
      ingressPolicy('x', 'allow-client-a-via-ns-selector', podA, [{ from: [{ namespaceSelector: matchLabels({ ns2: 'updated' }) }] }]),
    ],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [{ upsert: namespaceManifest('y', { ...namespaceLabels('y'), ns2: 'updated' }) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expectPeer({ namespace: 'y' }, {}, true),
      },
    ],
  },
  {
    name: 'should allow ingress access from updated pod',
    policies: [
      ingressPolicy('x', 'allow-client-a-via-pod-selector', podA, [
        { from: [{ podSelector: matchLabels({ pod: 'b', pod2: 'updated' }) }] },
      ]),
    ],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false) },
      {
        changes: [{ upsert: podManifest('x/b', { ...podLabels('x/b'), pod2: 'updated' }) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true),
      },
    ],
  },
  {
    name: 'should deny ingress from pods on other namespaces',
    policies: [ingressPolicy('x', 'deny-empty-policy', {}, [{ from: [{ podSelector: { matchLabels: {} } }] }])],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectPeer({ namespace: 'y' }, { namespace: 'x' }, false).expectPeer({ namespace: 'z' }, { namespace: 'x' }, false),
      },
    ],
  },
  {
    name: 'should deny ingress access to updated pod',
    policies: [denyIngress('x', 'deny-ingress-via-label-selector', matchLabels({ target: 'isolated' }))],
    steps: [
      { probe: TCP(80), expect: allowed() },
      {
        changes: [{ upsert: podManifest('x/a', { ...podLabels('x/a'), target: 'isolated' }) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false),
      },
    ],
  },
  {
    name: 'should deny egress from pods based on PodSelector',
    policies: [egressPolicy('x', 'deny-egress-pod-a', podA, [])],
    steps: [{ probe: TCP(80), expect: allowed().expectAllEgress('x/a', false) }],
  },
  {
    name: 'should deny egress from all pods in a namespace',
    policies: [egressPolicy('x', 'deny-egress-ns-x', {}, [])],
    steps: [{ probe: TCP(80), expect: allowed().expectPeer({ namespace: 'x' }, {}, false) }],
  },
  {
    name: 'should work with Ingress, Egress specified together',
    policies: [
      policy('x', 'allow-client-a-via-pod-selector', {
        podSelector: podA,
        policyTypes: ['Egress', 'Ingress'],
        ingress: [{ from: [{ podSelector: matchLabels({ pod: 'b' }) }] }],
        egress: [{ ports: [{ port: 80 }] }],
      }),
    ],
    steps: [
      { probe: TCP(80), expect: allowed().expectAllIngress('x/a', false).expect('x/b', 'x/a', true) },
      {
        probe: TCP(81),
        expect: allowed().expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true),
      },
    ],
  },
  {
    name: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
    policies: [
      allowToXaFromYa,
      ingressPolicy('y', 'allow-from-xa-on-ya-match-selector', podA, [
        { from: [{ namespaceSelector: namespaceNamed('x'), podSelector: matchLabels({ pod: 'a' }) }] },
      ]),
      ingressPolicy('y', 'allow-from-xa-on-yb-match-selector', matchLabels({ pod: 'b' }), [
        { from: [{ namespaceSelector: namespaceNamed('x'), podSelector: matchLabels({ pod: 'a' }) }] },
      ]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x', pod: 'a' }, {}, false)
          .expectPeer({}, { namespace: 'y', pod: 'a' }, false)
          .expectPeer({ namespace: 'x', pod: 'a' }, { namespace: 'y', pod: 'a' }, true)
          .expectPeer({}, { namespace: 'y', pod: 'b' }, false),
      },
    ],
  },
  {
    name: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    policies: [allowToXaFromYa],
    steps: [{ probe: TCP(80), expect: allowed().expectAllEgress('x/a', false).expect('x/a', 'y/a', true) }],
  },
  {
    name: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    policies: [ingressPolicy('x', 'allow-ingress-by-proto', podA, [{ ports: [{ protocol: 'TCP' }] }])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: UDP(80), expect: allowed().expectPeer({}, { namespace: 'x', pod: 'a' }, false) },
    ],
  },
  {
    name: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    policies: [ingressPolicy('x', 'allow-ingress-port-80', { matchLabels: {} }, [{ ports: [{ port: 80 }] }])],
    steps: [
      { probe: TCP(81), expect: allowed().expectPeer({}, { namespace: 'x' }, false) },
      {
        changes: [{ upsert: ingressPolicy('x', 'allow-ingress', { matchLabels: {} }, [{}]) }],
        probe: TCP(81),
        expect: allowed(),
      },
    ],
  },
  {
    name: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    policies: [egressPolicy('x', 'allow-egress-port-80', { matchLabels: {} }, [{ ports: [{ port: 80 }] }])],
    steps: [
      { probe: TCP(81), expect: allowed().expectPeer({ namespace: 'x' }, {}, false) },
      {
        changes: [{ upsert: egressPolicy('x', 'allow-egress', { matchLabels: {} }, [{}]) }],
        probe: TCP(81),
        expect: allowed(),
      },
    ],
  },
  {
    name: 'should stop enforcing policies after they are deleted',
    policies: [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] })],
    steps: [
      {
        probe: TCP(80),
        expect: allowed().expectPeer({ namespace: 'x' }, {}, false).expectPeer({}, { namespace: 'x' }, false),
      },
      { changes: [{ deletePolicy: { namespace: 'x', name: 'deny-all' } }], probe: TCP(80), expect: allowed() },
    ],
  },
  {
    name: 'should allow egress access to server in CIDR block',
    policies: [egressPolicy('x', 'allow-client-a-via-cidr-egress-rule', podA, [{ to: [{ ipBlock: { cidr: `${podIP('y/b')}/32` } }] }])],
    steps: [{ probe: TCP(80), expect: allowed().expectAllEgress('x/a', false).expect('x/a', 'y/b', true) }],
  },
  {
    name: 'should enforce except clause while egress access to server in CIDR block',
    policies: [
      egressPolicy('x', 'allow-client-a-via-cidr-egress-rule', podA, [
        { to: [{ ipBlock: { cidr: networkOf(podIP('x/a'), 4), except: [`${podIP('x/b')}/32`] } }] },
      ]),
    ],
    steps: [{ probe: TCP(80), expect: allowed().expect('x/a', 'x/b', false) }],
  },
  {
    name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    policies: [
      egressPolicy('x', 'allow-client-a-via-cidr-egress-rule', podA, [
        { to: [{ ipBlock: { cidr: networkOf(podIP('x/a'), 4), except: [`${podIP('x/b')}/32`] } }] },
      ]),
    ],
    steps: [
      { probe: TCP(80), expect: allowed().expect('x/a', 'x/b', false) },
      {
        changes: [
          {
            upsert: egressPolicy('x', 'allow-client-a-via-cidr-egress-rule', podA, [{ to: [{ ipBlock: { cidr: `${podIP('x/b')}/32` } }] }]),
          },
        ],
        probe: TCP(80),
        expect: allowed().expectAllEgress('x/a', false).expect('x/a', 'x/b', true),
      },
    ],
  },
  {
    name: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    policies: [egressPolicy('x', 'allow-egress-for-target', podA, [{}])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      {
        changes: [{ upsert: denyIngress('x', 'deny-ingress-via-label-selector', podA) }],
        probe: TCP(80),
        expect: allowed().expectAllIngress('x/a', false),
      },
    ],
  },
  {
    name: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
    policies: [
      denyIngress('x', 'deny-ingress'),
      ingressPolicy('x', 'allow-only-sctp-ingress-on-port-81', podA, [{ ports: [{ port: 81, protocol: 'SCTP' }] }]),
    ],
    steps: [{ probe: TCP(81), expect: allowed().expectPeer({}, { namespace: 'x' }, false) }],
  },
  {
    name: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    policies: [ingressPolicy('x', 'allow-only-sctp-ingress-on-port-80', podA, [{ ports: [{ port: 80, protocol: 'SCTP' }] }])],
    steps: [{ probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) }],
  },
  {
    name: 'should not allow access by TCP when a policy specifies only UDP',
    policies: [ingressPolicy('x', 'allow-only-udp-ingress-on-port-81', podA, [{ ports: [{ port: 81, protocol: 'UDP' }] }])],
    steps: [{ probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) }],
  },
  {
    name: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
    policies: [
      ingressPolicy('x', 'allow-client-a-via-ns-selector-for-immutable-ns-label', podA, [{ from: [{ namespaceSelector: namespaceNamed('y') }] }]),
    ],
    steps: [
      {
        probe: TCP(80),
        expect: allowed()
          .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
          .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
      },
    ],
  },
  {
    name: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
    policies: [
      egressPolicy('x', 'allow-ns-y-match-selector-for-immutable-ns-label', podA, [
        { to: [{ namespaceSelector: matchExpression('kubernetes.io/metadata.name', 'NotIn', ['y']) }] },
      ]),
    ],
    steps: [{ probe: TCP(80), expect: allowed().expectPeer({ namespace: 'x', pod: 'a' }, { namespace: 'y' }, false) }],
  },
];

export const udpCases: Scenario[] = [
  {
    name: "should support a 'default-deny-ingress' policy",
    policies: [denyIngress('x', 'deny-all')],
    steps: [{ probe: UDP(80), expect: allowed().expectPeer({}, { namespace: 'x' }, false) }],
  },
  portsCase('UDP', 'allow-ingress-on-port-81-ns-x'),
  podAndNamespaceSelectorCase('UDP'),
];

export const sctpCases: Scenario[] = [
  {
    name: "should support a 'default-deny-ingress' policy",
    policies: [denyIngress('x', 'deny-all')],
    steps: [{ probe: SCTP(80), expect: allowed().expectPeer({}, { namespace: 'x' }, false) }],
  },
  portsCase('SCTP', 'allow-ingress-on-port-81-ns-x'),
  podAndNamespaceSelectorCase('SCTP'),
];

/**
 * Not upstream cases: upstream's current suite has no port-range test. These
 * state, in the same style, what `endPort` means (an inclusive range of
 * numbers of the stated protocol), for ingress and egress.
 */
export const endPortCases: Scenario[] = [
  {
    name: 'should enforce policy based on a port range (endPort) covering both ports',
    policies: [
      ingressPolicy('x', 'allow-ns-y-ports-80-to-81', podA, [
        { from: [{ namespaceSelector: namespaceNamed('y') }], ports: [{ port: 80, endPort: 81, protocol: 'TCP' }] },
      ]),
    ],
    steps: [80, 81].map((port) => ({
      probe: TCP(port),
      expect: allowed()
        .expectPeer({ namespace: 'x' }, { namespace: 'x', pod: 'a' }, false)
        .expectPeer({ namespace: 'z' }, { namespace: 'x', pod: 'a' }, false),
    })),
  },
  {
    name: 'should enforce policy based on a port range (endPort) whose start is the only port covered',
    policies: [ingressPolicy('x', 'allow-ports-70-to-80', podA, [{ ports: [{ port: 70, endPort: 80 }] }])],
    steps: [
      { probe: TCP(80), expect: allowed() },
      { probe: TCP(81), expect: allowed().expectAllIngress('x/a', false) },
      { probe: UDP(80), expect: allowed().expectAllIngress('x/a', false) },
    ],
  },
  {
    name: 'should enforce egress policy based on a port range (endPort) of another protocol',
    policies: [egressPolicy('x', 'allow-egress-udp-81-to-90', podA, [{ ports: [{ port: 81, endPort: 90, protocol: 'UDP' }] }])],
    steps: [
      { probe: UDP(81), expect: allowed() },
      { probe: UDP(80), expect: allowed().expectAllEgress('x/a', false) },
      { probe: TCP(81), expect: allowed().expectAllEgress('x/a', false) },
    ],
  },
];
