/** AdminNetworkPolicy and BaselineAdminNetworkPolicy as ClusterNetworkPolicy: every field, what is left out, what is refused, and the proof. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { clusterOf } from '../engine/cluster.js';
import { FieldPath } from '../model/field-path.js';
import type { ClusterNetworkPolicy } from '../model/objects.js';
import { clusterArb } from '../reference/arbitraries.js';
import { clusterYaml, RUNS } from '../reference/reference.test.helper.js';
import { loadText } from '../sources/load.js';
import type { CrdChannel } from '../validation/kubernetes-version.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { convertAdminPolicies, convertAdminPolicy, manifestOf, type AdminPolicy, type ConvertAllOptions } from './convert.js';
import { proveConversion, withReplacements } from './convert-proof.js';

/** The text loaded and validated as `palisade` does; its v1alpha1 policies must be valid. */
function load(text: string, crdChannel: CrdChannel = 'experimental') {
  const manifests = loadText(text, 'policies.yaml');
  const report = validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'the input is valid');
  return { manifests, report, sources: manifests.adminPolicies };
}

function convertText(text: string, opts: ConvertAllOptions = {}, crdChannel: CrdChannel = 'experimental') {
  const { manifests, sources } = load(text, crdChannel);
  return convertAdminPolicies(sources, { crdChannel, existing: manifests.clusterPolicies, ...opts });
}

const EVERY_FORM = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: every-form
  labels: {owner: platform}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"AdminNetworkPolicy"}'
    example.com/ticket: SEC-1
spec:
  priority: 42
  subject: {pods: {namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}}}
  ingress:
  - name: from-namespaces
    action: Allow
    from: [{namespaces: {matchLabels: {role: monitoring}}}]
    ports:
    - portNumber: {protocol: TCP, port: 80}
    - portNumber: {protocol: UDP, port: 53}
    - portNumber: {protocol: SCTP, port: 9000}
    - portNumber: {port: 8080}
  - action: Deny
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: bad}}}}]
    ports:
    - portRange: {protocol: TCP, start: 1000, end: 2000}
    - portRange: {protocol: UDP, start: 3000, end: 3000}
    - portRange: {start: 5000, end: 5001}
    - namedPort: metrics
  - name: pass-the-rest
    action: Pass
    from: [{namespaces: {}}]
  egress:
  - name: peers
    action: Allow
    to:
    - namespaces: {matchLabels: {a: b}}
    - pods: {namespaceSelector: {matchLabels: {c: d}}, podSelector: {}}
    - nodes: {matchExpressions: [{key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}]}
    - networks: [10.0.0.0/8, 'fd00::/8']
  - name: names
    action: Allow
    to: [{domainNames: [example.com, '*.example.org']}]
    ports: [{portNumber: {protocol: TCP, port: 443}}]
`;

test('an AdminNetworkPolicy: Admin tier at its priority, subject and peers as written, rules in order, Allow as Accept, every port form as protocols', () => {
  const { conversions, errors, notes } = convertText(EVERY_FORM);
  assert.deepEqual(errors, []);
  assert.deepEqual(notes, []);
  assert.deepEqual(manifestOf(conversions[0]!.policy), {
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: {
      name: 'every-form',
      labels: { owner: 'platform' },
      annotations: { 'example.com/ticket': 'SEC-1', 'palisade.dev/converted-from': 'AdminNetworkPolicy/every-form' },
    },
    spec: {
      tier: 'Admin',
      priority: 42,
      subject: { pods: { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } } },
      ingress: [
        {
          name: 'from-namespaces',
          action: 'Accept',
          from: [{ namespaces: { matchLabels: { role: 'monitoring' } } }],
          protocols: [
            { tcp: { destinationPort: { number: 80 } } },
            { udp: { destinationPort: { number: 53 } } },
            { sctp: { destinationPort: { number: 9000 } } },
            { tcp: { destinationPort: { number: 8080 } } }, // protocol defaults to TCP
          ],
        },
        {
          action: 'Deny',
          from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'bad' } } } }],
          protocols: [
            { tcp: { destinationPort: { range: { start: 1000, end: 2000 } } } },
            { udp: { destinationPort: { number: 3000 } } }, // a range of one port: v1alpha2 requires start < end
            { tcp: { destinationPort: { range: { start: 5000, end: 5001 } } } },
            { destinationNamedPort: 'metrics' },
          ],
        },
        { name: 'pass-the-rest', action: 'Pass', from: [{ namespaces: {} }] },
      ],
      egress: [
        {
          name: 'peers',
          action: 'Accept',
          to: [
            { namespaces: { matchLabels: { a: 'b' } } },
            { pods: { namespaceSelector: { matchLabels: { c: 'd' } }, podSelector: {} } },
            { nodes: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] } },
            { networks: ['10.0.0.0/8', 'fd00::/8'] },
          ],
        },
        { name: 'names', action: 'Accept', to: [{ domainNames: ['example.com', '*.example.org'] }], protocols: [{ tcp: { destinationPort: { number: 443 } } }] },
      ],
    },
  });
});

test('the converted policy places its fields at the source text they came from', () => {
  const { conversions } = convertText(EVERY_FORM);
  const { policy, sourcePath } = conversions[0]!;
  const at = (path: FieldPath) => [sourcePath(path).toString(), policy.origin.locate(path).line];
  const rule1 = FieldPath.root('spec', 'ingress').index(1).child('protocols');
  assert.deepEqual(at(rule1.index(0).child('tcp', 'destinationPort', 'range', 'end')), ['spec.ingress[1].ports[0].portRange.end', 24]);
  assert.deepEqual(at(rule1.index(1).child('udp', 'destinationPort', 'number')), ['spec.ingress[1].ports[1].portRange.start', 25]);
  assert.deepEqual(at(rule1.index(3).child('destinationNamedPort')), ['spec.ingress[1].ports[3].namedPort', 27]);
  assert.deepEqual(at(FieldPath.root('spec', 'ingress').index(0).child('protocols').index(0).child('tcp', 'destinationPort', 'number')), ['spec.ingress[0].ports[0].portNumber.port', 17]);
  assert.deepEqual(at(FieldPath.root('spec', 'egress').index(0).child('to').index(3).child('networks').index(1)), ['spec.egress[0].to[3].networks[1]', 38]);
  assert.equal(sourcePath(FieldPath.root('spec', 'tier')).toString(), 'spec');
});

const BASELINE = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: monitoring, action: Allow, from: [{namespaces: {matchLabels: {role: monitoring}}}]}
  egress:
  - {action: Deny, to: [{networks: [0.0.0.0/0]}], ports: [{portNumber: {protocol: TCP, port: 25}}]}
`;

test('the BaselineAdminNetworkPolicy: Baseline tier at priority 1000, named by --baseline-name, every name with --name-prefix', () => {
  const plain = convertText(BASELINE).conversions[0]!.policy;
  assert.equal(plain.metadata.name, 'default');
  assert.deepEqual(manifestOf(plain).spec, {
    tier: 'Baseline',
    priority: 1000,
    subject: { namespaces: {} },
    ingress: [{ name: 'monitoring', action: 'Accept', from: [{ namespaces: { matchLabels: { role: 'monitoring' } } }] }],
    egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }], protocols: [{ tcp: { destinationPort: { number: 25 } } }] }],
  });
  assert.deepEqual(plain.metadata.annotations, { 'palisade.dev/converted-from': 'BaselineAdminNetworkPolicy/default' });
  const named = convertText(BASELINE + '---\n' + EVERY_FORM, { baselineName: 'cluster-baseline', namePrefix: 'v2-' }).conversions.map((c) => c.policy.metadata.name);
  assert.deepEqual(named, ['v2-cluster-baseline', 'v2-every-form']);
});

const DROPPED = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: dropped}
spec:
  priority: 5
  subject: {namespaces: {}}
  ingress:
  - name: keeps-one
    action: Deny
    from: [{namespaces: {}}]
    ports:
    - portRange: {protocol: TCP, start: 9000, end: 8000}
    - portNumber: {protocol: ICMP, port: 1}
    - portNumber: {protocol: UDP, port: 53}
  - name: matches-nothing
    action: Deny
    from: [{namespaces: {}}]
    ports:
    - portRange: {protocol: tcp, start: 1, end: 100}
    - portRange: {protocol: UDP, start: 200, end: 100}
  - name: last
    action: Allow
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: TCP, port: 80}}]
`;

test('port entries that match no traffic are left out with a note; a rule left with none is left out, and later rules map back to theirs', () => {
  const { conversions, errors, notes } = convertText(DROPPED, {}, 'standard');
  assert.deepEqual(errors, []);
  const { spec } = conversions[0]!.policy;
  assert.deepEqual(spec.ingress, [
    { name: 'keeps-one', action: 'Deny', from: [{ namespaces: {} }], protocols: [{ udp: { destinationPort: { number: 53 } } }] },
    { name: 'last', action: 'Accept', from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 80 } } }] },
  ]);
  assert.deepEqual(
    notes.map((n) => [n.severity, `${n.file}:${n.line}`, n.object, n.field]),
    [
      ['note', 'policies.yaml:12', 'AdminNetworkPolicy dropped', 'spec.ingress[0].ports[0].portRange'],
      ['note', 'policies.yaml:13', 'AdminNetworkPolicy dropped', 'spec.ingress[0].ports[1].portNumber.protocol'],
      ['note', 'policies.yaml:19', 'AdminNetworkPolicy dropped', 'spec.ingress[1].ports[0].portRange.protocol'],
      ['note', 'policies.yaml:20', 'AdminNetworkPolicy dropped', 'spec.ingress[1].ports[1].portRange'],
      ['note', 'policies.yaml:18', 'AdminNetworkPolicy dropped', 'spec.ingress[1].ports'],
    ],
  );
  assert.match(notes[0]!.message, /the range 9000-8000 starts above its end, so it matches no port .*left out, which changes nothing/);
  assert.match(notes[1]!.message, /protocol "ICMP" is none of TCP, UDP and SCTP, so this entry matches no traffic/);
  assert.match(notes[2]!.message, /protocol "tcp" is none of TCP, UDP and SCTP/);
  assert.match(notes[4]!.message, /every entry of ports matches no traffic, so this rule never matches: it is left out of ClusterNetworkPolicy dropped, which changes nothing \(the rule after it moves up one place\)/);
  const { sourcePath } = conversions[0]!;
  assert.equal(sourcePath(FieldPath.root('spec', 'ingress').index(1).child('protocols').index(0).child('tcp')).toString(), 'spec.ingress[2].ports[0].portNumber');
  assert.equal(sourcePath(FieldPath.root('spec', 'ingress').index(0).child('protocols').index(0).child('udp', 'destinationPort', 'number')).toString(), 'spec.ingress[0].ports[2].portNumber.port');
});

/** An AdminNetworkPolicy with `n` ingress rules, each from `peers` namespaces. */
function manyRules(name: string, n: number, peers = 1): string {
  const from = Array.from({ length: peers }, (_, j) => `{namespaces: {matchLabels: {n: "${j}"}}}`).join(', ');
  const rules = Array.from({ length: n }, (_, i) => `  - {name: r${i}, action: Deny, from: [${from}], ports: [{portNumber: {port: ${1000 + i}}}]}`);
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n${rules.join('\n')}\n`;
}

test('an output the v1alpha2 CRD refuses is an error at the source, naming the ClusterNetworkPolicy field and what to do', () => {
  const r = convertText(manyRules('big', 26) + '---\n' + manyRules('wide', 1, 26) + '---\n' + manyRules('fits', 25, 25));
  assert.deepEqual(
    r.errors.map((e) => [e.severity, `${e.file}:${e.line}`, e.object, e.field, e.type]),
    [
      ['error', 'policies.yaml:7', 'AdminNetworkPolicy big', 'spec.ingress', 'TooMany'],
      ['error', 'policies.yaml:42', 'AdminNetworkPolicy wide', 'spec.ingress[0].from', 'TooMany'],
    ],
  );
  assert.equal(r.errors[0]!.message, 'as ClusterNetworkPolicy big, spec.ingress: Too many: 26: must have at most 25 items');
  assert.match(r.errors[0]!.hint!, /ClusterNetworkPolicy takes 25 ingress rules, AdminNetworkPolicy 100: split this policy by hand/);
  assert.match(r.errors[1]!.hint!, /split this rule by hand into consecutive rules with the same action and ports/);
  assert.deepEqual([...r.failed].map((s) => s.metadata.name), ['big', 'wide']);
});

test('a name taken by a ClusterNetworkPolicy in the input, or by two outputs, is an error suggesting --name-prefix', () => {
  const existing = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: every-form}\nspec: {tier: Admin, priority: 3, subject: {namespaces: {}}}\n`;
  const anpNamedDefault = BASELINE.replace('BaselineAdminNetworkPolicy', 'AdminNetworkPolicy').replace('spec:\n', 'spec:\n  priority: 7\n');
  const text = [existing, EVERY_FORM, BASELINE, anpNamedDefault].join('---\n');
  const r = convertText(text);
  assert.deepEqual(
    r.errors.map((e) => [`${e.file}:${e.line}`, e.object, e.field, e.type]),
    [
      ['policies.yaml:9', 'AdminNetworkPolicy every-form', 'metadata.name', 'Duplicate'],
      ['policies.yaml:51', 'BaselineAdminNetworkPolicy default', 'metadata.name', 'Duplicate'],
      ['policies.yaml:61', 'AdminNetworkPolicy default', 'metadata.name', 'Duplicate'],
    ],
  );
  assert.match(r.errors[0]!.message, /^converts to ClusterNetworkPolicy every-form, the name of ClusterNetworkPolicy every-form already in the input \(policies\.yaml:1\)$/);
  assert.match(r.errors[1]!.message, /the name of the conversion of AdminNetworkPolicy default \(policies\.yaml:59\)/);
  assert.match(r.errors[0]!.hint!, /^give --name-prefix \(e\.g\. --name-prefix v1alpha1-\) to name every output apart from the ClusterNetworkPolicies there$/);
  assert.match(r.errors[1]!.hint!, /^give --baseline-name \(e\.g\. --baseline-name baseline\) to name the BaselineAdminNetworkPolicy's output apart$/);
  assert.equal(convertText(text, { namePrefix: 'anp-' }).errors.length, 2, 'a prefix renames both of a pair');
  assert.deepEqual(convertText(text, { namePrefix: 'anp-', baselineName: 'baseline' }).errors, []);
});

test('an output that shares its tier and priority with a ClusterNetworkPolicy in the input is noted: the API leaves their order open', () => {
  const existing = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: zz-last}\nspec: {tier: Admin, priority: 42, subject: {namespaces: {}}}\n`;
  const r = convertText(existing + '---\n' + EVERY_FORM);
  assert.deepEqual(r.notes.map((n) => [n.field, n.object]), [['spec.priority', 'AdminNetworkPolicy every-form']]);
  assert.match(r.notes[0]!.message, /converts to Admin priority 42, which ClusterNetworkPolicy zz-last \(policies\.yaml:1\) has too: .*the output comes before zz-last where the source came after it/);
});

test('an AdminNetworkPolicy in audit mode gives a ClusterNetworkPolicy in audit mode, and a note says so', () => {
  const r = convertText(BASELINE.replace('metadata: {name: default}', 'metadata: {name: default, annotations: {palisade.dev/enforcement: audit}}'));
  assert.equal(r.conversions[0]!.policy.metadata.annotations!['palisade.dev/enforcement'], 'audit');
  assert.deepEqual(r.notes.map((n) => [n.field, n.line]), [['metadata.annotations[palisade.dev/enforcement]', 3]]);
  assert.match(r.notes[0]!.message, /ClusterNetworkPolicy default is in audit mode too, evaluated and logged by Palisade but not enforced/);
});

test('convertAdminPolicy reads the source as the API server stored it: unknown fields pruned', () => {
  const { sources } = load(EVERY_FORM.replace('  - name: pass-the-rest\n', '  - name: pass-the-rest\n    comment: pruned\n'));
  const rule = convertAdminPolicy(sources[0] as AdminPolicy, { crdChannel: 'experimental' }).policy.spec.ingress![2];
  assert.deepEqual(rule, { name: 'pass-the-rest', action: 'Pass', from: [{ namespaces: {} }] });
});

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {role: monitoring}}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev, labels: {env: dev}}
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: shop, labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]}]}, status: {podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: db, namespace: shop, labels: {app: db}}, spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}, {name: metrics, containerPort: 9187}]}]}, status: {podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: prom, namespace: ops, labels: {app: prom}}, spec: {containers: [{name: c}]}, status: {podIP: 10.0.1.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: box, namespace: dev, labels: {app: box}}, spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}, status: {podIP: 10.0.2.1}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-telnet}
spec:
  tier: Admin
  priority: 15
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 23}}}]}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guardrails}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress:
  - {name: scrape, action: Allow, from: [{namespaces: {matchLabels: {role: monitoring}}}], ports: [{namedPort: metrics}]}
  - {name: no-dev, action: Deny, from: [{namespaces: {matchLabels: {env: dev}}}], ports: [{portRange: {protocol: TCP, start: 1, end: 9999}}, {portNumber: {protocol: ICMP, port: 1}}]}
  - {name: rest-to-netpol, action: Pass, from: [{namespaces: {}}]}
  egress:
  - {name: no-bad-net, action: Deny, to: [{networks: [192.0.2.0/24]}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: monitoring-only-as-admins-allow, action: Deny, from: [{namespaces: {matchLabels: {role: monitoring}}}]}
`;

test('the proof: the input as read and with the conversions in place of their sources have the same connectivity', () => {
  const { manifests, report } = load(CLUSTER);
  const { conversions, errors } = convertAdminPolicies(manifests.adminPolicies, { crdChannel: 'experimental', existing: manifests.clusterPolicies });
  assert.deepEqual(errors, []);
  const cluster = clusterOf(manifests, report);
  const replaced = withReplacements(cluster, conversions);
  assert.deepEqual([replaced.adminPolicies, replaced.clusterPolicies.map((p) => p.metadata.name)], [[], ['no-telnet', 'guardrails', 'default']]);
  const proof = proveConversion(cluster, conversions);
  assert.equal(proof.vacuous, undefined);
  assert.equal(proof.endpoints, 4);
  assert.deepEqual(proof.diff.changes, [], 'no connection gained or lost');
  assert.ok(proof.ports.length > 3);
});

test('the proof fails on a wrong conversion: an action, a port, a peer or the tier changed', () => {
  const { manifests, report } = load(CLUSTER);
  const cluster = clusterOf(manifests, report);
  const { conversions } = convertAdminPolicies(manifests.adminPolicies, { crdChannel: 'experimental' });
  const altered = (change: (p: ClusterNetworkPolicy) => void) => {
    const copies = conversions.map((c) => ({ source: c.source, policy: { ...c.policy, spec: structuredClone(c.policy.spec) } }));
    change(copies[0]!.policy);
    return proveConversion(cluster, copies).diff;
  };
  const pass = altered((p) => (p.spec.ingress![1]!.action = 'Pass'));
  assert.ok(pass.gained > 0 && pass.lost === 0, 'dev gains what no-dev denied');
  assert.ok(pass.changes.every((c) => c.from.namespace === 'dev' && c.to.namespace === 'shop'));
  const port = altered((p) => (p.spec.ingress![1]!.protocols = [{ udp: { destinationPort: { range: { start: 1, end: 9999 } } } }]));
  assert.ok(port.gained > 0 && port.lost > 0, 'TCP gained, UDP lost');
  const peer = altered((p) => (p.spec.egress![0]!.to = [{ networks: ['198.51.100.0/24'] }]));
  assert.ok(peer.gained > 0 && peer.lost > 0, 'one network gained, another lost');
  const tier = altered((p) => (p.spec.tier = 'Baseline'));
  const changes = tier.changes.map((c) => `${c.change} ${c.from.label} → ${c.to.label} on ${c.port}`);
  assert.ok(changes.includes('lost ops/prom → shop/db on 9187/TCP'), 'in the Baseline tier, the NetworkPolicy isolating the database decides before the scrape rule');
  assert.ok(changes.includes('lost shop/db → shop/web on 23/TCP'), 'a Pass in the Baseline tier no longer skips the Admin tier\'s no-telnet');
  assert.ok(changes.includes('gained ops/prom → shop/web on 8080/TCP'), 'a Pass in the Baseline tier skips the baseline deny of monitoring');
});

// The v1alpha1 CRD defaults a port entry's protocol to TCP (kube-apiserver stores it so): the engine and the conversion alike.
test('the proof: a port entry without protocol is TCP on both sides, as the CRD defaults it', () => {
  const { manifests, report } = load(CLUSTER.replace('{portRange: {protocol: TCP, start: 1, end: 9999}}', '{portRange: {start: 1, end: 9999}}'));
  const { conversions } = convertAdminPolicies(manifests.adminPolicies, { crdChannel: 'experimental' });
  const rule = conversions[0]!.policy.spec.ingress![1]!;
  assert.deepEqual(rule.protocols, [{ tcp: { destinationPort: { range: { start: 1, end: 9999 } } } }]);
  const proof = proveConversion(clusterOf(manifests, report), conversions);
  assert.deepEqual(proof.diff.changes.map((c) => `${c.change} ${c.from.label} → ${c.to.label} on ${c.port}`), []);
});

test('random clusters of NetworkPolicies, ClusterNetworkPolicies, AdminNetworkPolicies and a BaselineAdminNetworkPolicy convert with an empty proof', () => {
  let compared = 0;
  fc.assert(
    fc.property(clusterArb, (cluster) => {
      // Named after the ClusterNetworkPolicies (cnp-N): at equal priority they still come first, as the sources did.
      const { conversions, errors } = convertAdminPolicies(cluster.adminPolicies, { crdChannel: 'experimental', namePrefix: 'zz-', existing: cluster.clusterPolicies });
      assert.deepEqual(errors, []);
      const proof = proveConversion(cluster, conversions);
      const changes = proof.diff.changes.map((c) => `${c.change} ${c.from.label} → ${c.to.label} on ${c.port}`);
      assert.deepEqual(changes, [], `${clusterYaml(cluster)}\nconverted:\n${stringify(conversions.map((c) => manifestOf(c.policy)))}`);
      if (!proof.vacuous && conversions.length > 0) compared++;
    }),
    { numRuns: RUNS ?? 150, includeErrorInReport: true },
  );
  assert.ok(compared > 20, `${compared} clusters with v1alpha1 policies and something to compare`);
});

test('the proof without pods proves nothing, and says so', () => {
  const { manifests, report } = load(BASELINE);
  const { conversions } = convertAdminPolicies(manifests.adminPolicies);
  const proof = proveConversion(clusterOf(manifests, report), conversions);
  assert.equal(proof.endpoints, 0);
  assert.match(proof.vacuous!, /no pods .*proves nothing/);
});
