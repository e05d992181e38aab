/**
 * What every analysis command reads and says about it: typed API lists, and
 * policies of kinds Palisade does not evaluate (warned about on stderr, listed
 * in JSON and Markdown, exit 2 with --fail-on-ignored-policies).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const pod = (name: string, namespace: string, ip: string) => `- metadata:
    name: ${name}
    namespace: ${namespace}
    labels: {app: ${name}}
  spec:
    containers:
    - name: c
      ports: [{containerPort: 80}]
  status:
    podIP: ${ip}
    podIPs: [{ip: ${ip}}]
`;

/** Two pods as the API returns them: a PodList whose items carry no kind. */
const PODS = file('cluster/pods.yaml', `apiVersion: v1\nkind: PodList\nitems:\n${pod('a', 'default', '10.0.0.1')}${pod('b', 'default', '10.0.0.2')}`);
/** A policy of a kind Palisade does not read. */
const DENY_ALL = file('cluster/cilium.yaml', `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: deny-all
  namespace: default
spec:
  endpointSelector: {}
  ingress: []
`);
const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: deny-all
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - {name: deny, action: Deny, from: [{namespaces: {}}]}
`;
const CLUSTER = join(dir, 'cluster');
const QUIET = file('quiet/other.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`);

test('a PodList from the API is read: its items are pods (palisade check answers instead of refusing them)', () => {
  const r = palisade(['check', '-f', PODS, 'default/a', 'default/b', '80']);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^ALLOWED {2}default\/a → default\/b on 80\/TCP$/m);
  assert.equal(r.code, 0);
});

test('a NamespaceList from the API gives namespaceSelectors the labels they need', () => {
  const namespaces = file(
    'ns/namespaces.json',
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'NamespaceList',
      items: ['front', 'back', 'other'].map((name) => ({ metadata: { name, labels: name === 'front' ? { team: 'front' } : {} } })),
    }),
  );
  const pods = file('ns/pods.yaml', `apiVersion: v1\nkind: PodList\nitems:\n${pod('web', 'front', '10.1.0.1')}${pod('db', 'back', '10.1.0.2')}${pod('x', 'other', '10.1.0.3')}`);
  const policies = file(
    'ns/policies.json',
    JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicyList',
      items: [{ metadata: { name: 'from-front', namespace: 'back' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'front' } } }] }] } }],
    }),
  );
  const inputs = ['-f', namespaces, '-f', pods, '-f', policies];
  const allowed = palisade(['check', ...inputs, 'front/web', 'back/db', '80']);
  assert.equal(allowed.stderr, '');
  assert.match(allowed.stdout, /^ALLOWED .* back\/from-front ingress\[0\] from\[0\] \(all pods in namespaces with team=front\)/ms);
  assert.equal(allowed.code, 0);
  const denied = palisade(['check', ...inputs, 'other/x', 'back/db', '80']);
  assert.match(denied.stdout, /^DENIED/);
  assert.equal(denied.code, 1);
});

const WARNING = /the input holds 1 policy of kinds Palisade does not evaluate; this answer ignores them, so connectivity in the cluster may be narrower than it says:\n {2}1 CiliumNetworkPolicy \(cilium\.io\/v2, Cilium\): .*cilium\.yaml:1 default\/deny-all\n/;

test('check past a CiliumNetworkPolicy it does not evaluate: answers, warns where the policy is, exit 2 only when asked', () => {
  const r = palisade(['check', '-f', CLUSTER, 'default/a', 'default/b', '80']);
  assert.match(r.stdout, /^ALLOWED/);
  assert.match(r.stderr, WARNING);
  assert.equal(r.code, 0);
  const strict = palisade(['check', '-f', CLUSTER, 'default/a', 'default/b', '80', '--fail-on-ignored-policies']);
  assert.match(strict.stdout, /^ALLOWED/);
  assert.match(strict.stderr, /exit 2, as --fail-on-ignored-policies asks/);
  assert.equal(strict.code, 2);
});

/** Every analysis command but agent (which needs nft; see agent.test.ts), on the same input. */
const COMMANDS: [name: string, args: string[]][] = [
  ['check', ['check', '-f', CLUSTER, 'default/a', 'default/b', '80']],
  ['matrix', ['matrix', '-f', CLUSTER]],
  ['explain', ['explain', '-f', CLUSTER]],
  ['reach', ['reach', '-f', CLUSTER, 'default/a']],
  ['diff', ['diff', '--base', PODS, '--head', CLUSTER]],
  ['audit', ['audit', '-f', CLUSTER]],
  ['lint', ['lint', '-f', CLUSTER]],
  ['compile', ['compile', '-f', CLUSTER]],
];

test('every analysis command warns about ignored policies on stderr, and exits 2 with --fail-on-ignored-policies', () => {
  for (const [name, args] of COMMANDS) {
    const r = palisade(args);
    assert.match(r.stderr, WARNING, name);
    assert.notEqual(r.code, 2, name);
    const strict = palisade([...args, '--fail-on-ignored-policies']);
    assert.equal(strict.code, 2, name);
    assert.notEqual(strict.stdout, '', `${name} still answers`);
  }
});

test('other skipped kinds stay quiet: no warning, no JSON field, no exit 2', () => {
  for (const [name, args] of COMMANDS) {
    const quiet = args.map((a) => (a === CLUSTER ? PODS : a)).concat('-f', QUIET);
    const r = palisade([...quiet, '--fail-on-ignored-policies']);
    assert.equal(r.stderr, '', name);
    assert.doesNotMatch(r.stdout, /ignoredPolicies/, name);
    assert.notEqual(r.code, 2, name);
  }
});

const IGNORED = { kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', namespace: 'default', name: 'deny-all', file: DENY_ALL, line: 1, column: 1 };

test('JSON answers say which policies they ignored: top-level, per verdict, once per --flows batch', () => {
  const json = (args: string[]) => JSON.parse(palisade([...args, '-o', 'json']).stdout) as Record<string, unknown> & Record<string, unknown>[];
  for (const name of ['matrix', 'explain', 'reach', 'compile', 'lint', 'diff']) {
    const out = json(COMMANDS.find(([n]) => n === name)![1]);
    const expected = name === 'diff' ? [{ side: 'head', ...IGNORED }] : [IGNORED];
    assert.deepEqual(out['ignoredPolicies'], expected, name);
  }
  assert.deepEqual(json(['check', '-f', CLUSTER, 'default/a', 'default/b', '80'])['ignoredPolicies'], [IGNORED]);
  const perPort = json(['check', '-f', CLUSTER, 'default/a', 'default/b']);
  assert.deepEqual(perPort.map((v) => v['ignoredPolicies']), [[IGNORED]]);
  const perNamespace = json(['audit', '-f', CLUSTER]);
  assert.deepEqual(perNamespace.map((n) => n['ignoredPolicies']), [[IGNORED]]);
  const flows = file('flows.json', JSON.stringify([1, 2].map(() => ({ from: 'default/a', to: 'default/b', port: 80 }))));
  const batch = json(['check', '-f', CLUSTER, '--flows', flows]);
  assert.deepEqual(batch.map((v) => v['ignoredPolicies']), [[IGNORED], undefined]);
  const list = JSON.parse(palisade(['matrix', '-f', CLUSTER, '-o', 'list-json']).stdout) as Record<string, unknown>[];
  assert.ok(list.length > 1);
  assert.deepEqual(list.map((c) => c['ignoredPolicies']), [[IGNORED], ...list.slice(1).map(() => undefined)], 'once, on the first connection');
  const sarif = JSON.parse(palisade(['lint', '-f', CLUSTER, '-o', 'sarif']).stdout) as { runs: { properties?: Record<string, unknown> }[] };
  assert.deepEqual(sarif.runs[0]!.properties, { ignoredPolicies: [IGNORED] });
});

test('diff -o markdown warns in the comment itself, naming the side and the place', () => {
  const r = palisade(['diff', '--base', PODS, '--head', CLUSTER, '-o', 'markdown']);
  assert.match(r.stdout, /^> ⚠️ \*\*`[^`]*cluster`: 1 policy of kinds Palisade does not evaluate\*\* are ignored: connectivity in the cluster may be narrower than this says\.\n> - 1 CiliumNetworkPolicy .*`[^`]*cilium\.yaml:1` default\/deny-all$/m);
});

test('validate lists ignored policies as warnings, not errors', () => {
  const r = palisade(['validate', '-f', CLUSTER]);
  assert.match(r.stdout, /cilium\.yaml:1:1: warning: CiliumNetworkPolicy default\/deny-all\n {2}Palisade does not evaluate CiliumNetworkPolicy/);
  assert.match(r.stdout, /^valid: 0 errors, 1 warning/m);
  assert.equal(r.code, 0);
});

test('an invalid AdminNetworkPolicy or BaselineAdminNetworkPolicy is an error of validate and left out; a valid one is evaluated, not ignored', () => {
  const invalid = file(
    'invalid-admin/policies.yaml',
    `${ANP.replace('priority: 10', 'priority: 1001').replace('deny-all', 'too-low')}---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: not-default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n`,
  );
  const input = join(invalid, '..');
  file('invalid-admin/pods.yaml', readFileSync(PODS, 'utf8'));
  const validate = palisade(['validate', '-f', input]);
  assert.equal(validate.code, 1);
  assert.match(validate.stdout, /policies\.yaml:\d+:\d+: error: AdminNetworkPolicy too-low\n {2}spec\.priority: Invalid value: 1001: spec\.priority in body should be less than or equal to 1000/);
  assert.match(validate.stdout, /policies\.yaml:\d+:\d+: error: BaselineAdminNetworkPolicy not-default\n/);
  assert.doesNotMatch(validate.stdout, /Palisade does not evaluate/);
  // The API server holds neither, so nothing the cluster enforces is ignored: no warning, and exit 0 even when asked to fail on one.
  const check = palisade(['check', '-f', input, 'default/a', 'default/b', '80', '--fail-on-ignored-policies']);
  assert.equal(check.code, 0, check.stderr);
  assert.doesNotMatch(check.stderr, /does not evaluate/);
  // A valid BaselineAdminNetworkPolicy decides, and nothing is said to be ignored.
  const valid = file('valid-banp/banp.yaml', `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n`);
  file('valid-banp/pods.yaml', readFileSync(PODS, 'utf8'));
  const evaluated = palisade(['check', '-f', join(valid, '..'), 'default/a', 'default/b', '80', '--fail-on-ignored-policies']);
  assert.equal(evaluated.stderr, '');
  assert.match(evaluated.stdout, /^DENIED .*\n.*\n {2}ingress default\/b: denies: denied by the Baseline tier\n {6}BaselineAdminNetworkPolicy default \(Baseline\) ingress\[0\] Deny from\[0\]/m);
  assert.equal(evaluated.code, 1);
});
