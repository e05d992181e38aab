/** palisade convert as users run it: ClusterNetworkPolicies on stdout, notes, errors and the proof on stderr, and the exit code. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { palisade } from './run-cli.test.helper.js';
import { tempFiles } from './temp-files.test.helper.js';

const files = tempFiles('palisade-convert-');
const EXAMPLE = ['-f', 'examples/admin-network-policy', '--crd-channel', 'experimental'];

test('convert: the example becomes four ClusterNetworkPolicies, with the same connectivity', () => {
  const r = palisade(['convert', ...EXAMPLE]);
  assert.equal(r.code, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: { tier: string; priority: number } });
  assert.deepEqual(
    docs.map((d) => [d.kind, d.metadata.name, d.spec.tier, d.spec.priority]),
    [
      ['ClusterNetworkPolicy', 'cluster-guardrails', 'Admin', 10],
      ['ClusterNetworkPolicy', 'pci-isolation', 'Admin', 20],
      ['ClusterNetworkPolicy', 'dev-sandbox', 'Admin', 30],
      ['ClusterNetworkPolicy', 'default', 'Baseline', 1000],
    ],
  );
  assert.match(r.stderr, /^palisade: converted 4 policies:$/m);
  assert.match(r.stderr, /^ {2}AdminNetworkPolicy pci-isolation → ClusterNetworkPolicy pci-isolation \(Admin tier, priority 20; 3 ingress and 2 egress rules\)$/m);
  assert.match(r.stderr, /^ {2}BaselineAdminNetworkPolicy default → ClusterNetworkPolicy default \(Baseline tier, priority 1000; 2 ingress and 1 egress rules\)$/m);
  assert.match(r.stderr, /^proof: equivalent: the same truth table before and after conversion over 8 endpoints and the addresses outside the cluster, on \d+ ports \(/m);
});

test('convert: what it writes is valid v1alpha2, and palisade diff finds it the same as what it replaces', () => {
  const converted = palisade(['convert', ...EXAMPLE]);
  const out = files.file('migrated/converted.yaml', converted.stdout);
  const valid = palisade(['validate', '-f', out, '--crd-channel', 'experimental']);
  assert.equal(valid.code, 0, valid.stdout);
  assert.match(valid.stdout, /valid: 0 errors, 0 warnings/);
  for (const name of ['cluster.yaml', 'network-policies.yaml', 'cluster-network-policies.yaml']) {
    files.file(`migrated/${name}`, readFileSync(join('examples/admin-network-policy', name), 'utf8'));
  }
  const diff = palisade(['diff', '--base', 'examples/admin-network-policy', '--head', join(files.dir, 'migrated'), '--crd-channel', 'experimental']);
  assert.match(diff.stdout, /: \+0 gained, -0 lost$/m);
  assert.equal(diff.code, 0, diff.stdout);
});

test('convert -o json: one List; --name-prefix and --baseline-name name the outputs', () => {
  const r = palisade(['convert', ...EXAMPLE, '-o', 'json', '--name-prefix', 'v2-', '--baseline-name', 'baseline']);
  const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: { metadata: { name: string; annotations: Record<string, string> } }[] };
  assert.deepEqual([list.apiVersion, list.kind], ['v1', 'List']);
  assert.deepEqual(list.items.map((i) => i.metadata.name), ['v2-cluster-guardrails', 'v2-pci-isolation', 'v2-dev-sandbox', 'v2-baseline']);
  assert.equal(list.items[3]!.metadata.annotations['palisade.dev/converted-from'], 'BaselineAdminNetworkPolicy/default');
});

const DROPS = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a, labels: {app: p}}
spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: q, namespace: a, labels: {app: q}}
spec: {containers: [{name: c}]}
status: {podIP: 10.0.0.2}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: odd-ports}
spec:
  priority: 3
  subject: {namespaces: {}}
  ingress:
  - name: never
    action: Deny
    from: [{namespaces: {}}]
    ports: [{portRange: {start: 90, end: 80}}]
  - name: web
    action: Deny
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: q}}}}]
    ports: [{portNumber: {protocol: ICMP, port: 1}}, {portNumber: {protocol: TCP, port: 80}}]
`;

test('convert: entries that match nothing are left out with notes at the source; the proof still holds', () => {
  const r = palisade(['convert', '-f', files.file('drops.yaml', DROPS)]);
  assert.match(r.stderr, /drops\.yaml:27:14: note: AdminNetworkPolicy odd-ports\n {2}spec\.ingress\[0\]\.ports\[0\]\.portRange: the range 90-80 starts above its end/);
  assert.match(r.stderr, /drops\.yaml:27:5: note: AdminNetworkPolicy odd-ports\n {2}spec\.ingress\[0\]\.ports: every entry of ports matches no traffic, so this rule never matches: it is left out of ClusterNetworkPolicy odd-ports, which changes nothing \(the rule after it moves up one place\)/);
  assert.match(r.stderr, /drops\.yaml:31:\d+: note: AdminNetworkPolicy odd-ports\n {2}spec\.ingress\[1\]\.ports\[0\]\.portNumber\.protocol: protocol "ICMP" is none of TCP, UDP and SCTP/);
  assert.match(r.stderr, /^palisade: converted 1 policy \(3 notes above\):$/m);
  assert.doesNotMatch(r.stderr, /warning: AdminNetworkPolicy odd-ports/, 'validate\'s warnings at those entries are said by the notes');
  const [cnp] = parseAllDocuments(r.stdout).map((d) => d.toJS() as { spec: { ingress: unknown[] } });
  assert.deepEqual(cnp!.spec.ingress, [{ name: 'web', action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'q' } } } }], protocols: [{ tcp: { destinationPort: { number: 80 } } }] }]);
  assert.equal(r.code, 0, r.stderr);
});

test('convert: an output the v1alpha2 CRD refuses, or a name taken, is an error at the source; nothing is written, exit 1', () => {
  const rules = Array.from({ length: 26 }, (_, i) => `  - {action: Deny, to: [{namespaces: {}}], ports: [{portNumber: {port: ${i + 1}}}]}`).join('\n');
  const big = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: big}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n${rules}\n`;
  const taken = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: default}\nspec: {tier: Baseline, priority: 1, subject: {namespaces: {}}}\n---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {subject: {namespaces: {}}}\n`;
  const r = palisade(['convert', '-f', files.file('big.yaml', big), '-f', files.file('taken.yaml', taken)]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    /big\.yaml:7:3: error: AdminNetworkPolicy big\n {2}spec\.egress: as ClusterNetworkPolicy big, spec\.egress: Too many: 26: must have at most 25 items\n {2}hint: ClusterNetworkPolicy takes 25 egress rules, AdminNetworkPolicy 100: split this policy by hand/,
  );
  assert.match(r.stderr, /taken\.yaml:8:\d+: error: BaselineAdminNetworkPolicy default\n {2}metadata\.name: converts to ClusterNetworkPolicy default, the name of ClusterNetworkPolicy default already in the input \(.*taken\.yaml:1\)\n {2}hint: give --name-prefix/);
  assert.match(r.stderr, /palisade: not converted: 2 of 2 policies:\n {2}AdminNetworkPolicy big: its conversion is refused or its name taken \(see the errors above\)\n {2}BaselineAdminNetworkPolicy default: .*\nnothing was written/);
  assert.doesNotMatch(r.stderr, /proof:/);
});

test('convert: an invalid AdminNetworkPolicy is reported as validate reports it, and not converted', () => {
  const bad = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: bad}\nspec:\n  priority: 1001\n  subject: {namespaces: {}}\n`;
  const path = files.file('bad.yaml', bad);
  const r = palisade(['convert', '-f', path]);
  const validate = palisade(['validate', '-f', path]);
  const block = /^.*bad\.yaml:5:\d+: error: AdminNetworkPolicy bad\n.*$/m.exec(validate.stdout)?.[0];
  assert.ok(block, validate.stdout);
  assert.ok(r.stderr.includes(block), r.stderr);
  assert.match(r.stderr, /AdminNetworkPolicy bad: invalid as v1alpha1 \(the API server would refuse it\)/);
  assert.equal(r.stdout, '');
  assert.equal(r.code, 1);
});

test('convert: without pods the proof is vacuous and says so', () => {
  const r = palisade(['convert', '-f', 'examples/admin-network-policy/admin-network-policies.yaml', '--crd-channel', 'experimental']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^proof: vacuous: the input has no pods \(nor workloads\): no connection was compared, so this proves nothing/m);
  assert.doesNotMatch(r.stderr, /equivalent/);
});

test('convert: nothing to convert, and no input', () => {
  const none = palisade(['convert', '-f', 'examples/seed']);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /nothing to convert: the input holds no AdminNetworkPolicy or BaselineAdminNetworkPolicy/);
  assert.equal(palisade(['convert']).code, 2);
});
