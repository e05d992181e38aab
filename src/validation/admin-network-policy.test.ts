/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy validation (the v1alpha1
 * CRDs of network-policy-api v0.1.8): for each constraint of the CRDs a valid
 * and an invalid case with the lines kube-apiserver prints, the experimental
 * channel's fields and rule, and BaselineAdminNetworkPolicy's name rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdminNetworkPolicy, BaselineAdminNetworkPolicy } from '../model/objects.js';
import { validateAdminNetworkPolicyObject, validateBaselineAdminNetworkPolicyObject } from './admin-network-policy.js';
import type { FieldError } from './field-error.js';
import { V1_33, V1_36, lines } from './fixtures.test.helper.js';
import { type CrdChannel, type KubernetesVersion, releaseRules } from './kubernetes-version.js';

type Spec = Record<string, unknown>;

const NOTE =
  'error Invalid <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
const BANP_NAME_RULE = 'Only one baseline admin network policy with metadata.name="default" can be created in the cluster';

const origin = { file: 'x.yaml', locate: () => ({ file: 'x.yaml', line: 1, column: 1 }) };
const ns = { namespaces: {} };
const anp = (extra: Spec = {}): Spec => ({ priority: 10, subject: ns, ...extra });
const banp = (extra: Spec = {}): Spec => ({ subject: ns, ...extra });
const ingress = (extra: Spec = {}): Spec => ({ action: 'Allow', from: [ns], ...extra });
const egress = (to: unknown[], extra: Spec = {}): Spec => ({ action: 'Deny', to, ...extra });
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

function rules(channel: CrdChannel, version: KubernetesVersion = V1_36.kubernetesVersion) {
  return { ...releaseRules(version), kubernetesVersion: version, crdChannel: channel };
}

function validateANP(spec: unknown, channel: CrdChannel = 'standard', name = 'team-a', version?: KubernetesVersion): FieldError[] {
  const o = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, origin, spec } as AdminNetworkPolicy;
  return validateAdminNetworkPolicyObject(o, rules(channel, version));
}

function validateBANP(spec: unknown, channel: CrdChannel = 'standard', name = 'default', version?: KubernetesVersion): FieldError[] {
  const o = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name }, origin, spec } as BaselineAdminNetworkPolicy;
  return validateBaselineAdminNetworkPolicyObject(o, rules(channel, version));
}

/** Each case: what it checks, the errors of the call, and the lines kube-apiserver prints (1.36 unless named). */
const CASES: [string, () => FieldError[], string[]][] = [
  ["prio -1", () => validateANP(anp({ priority: -1 })), ["error Invalid spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0"]],
  ["prio 1001", () => validateANP(anp({ priority: 1001 })), ["error Invalid spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000"]],
  ["prio missing", () => validateANP(anp({ priority: undefined })), ["error Required spec.priority: Required value", NOTE]],
  ["prio string", () => validateANP(anp({ priority: '5' })), ["error TypeInvalid spec.priority: Invalid value: \"string\": spec.priority in body must be of type integer: \"string\"", NOTE]],
  ["subject both", () => validateANP(anp({ subject: { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } } })), ["error TooMany spec.subject: Too many: 2: must have at most 1 item", NOTE]],
  ["subject none", () => validateANP(anp({ subject: {} })), ["error Invalid spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties"]],
  ["pods no ns sel", () => validateANP(anp({ subject: { pods: { podSelector: {} } } })), ["error Required spec.subject.pods.namespaceSelector: Required value", NOTE]],
  ["action Accept", () => validateANP(anp({ ingress: [ingress({ action: 'Accept' })] })), ["error NotSupported spec.ingress[0].action: Unsupported value: \"Accept\": supported values: \"Allow\", \"Deny\", \"Pass\"", NOTE]],
  ["action allow", () => validateANP(anp({ ingress: [ingress({ action: 'allow' })] })), ["error NotSupported spec.ingress[0].action: Unsupported value: \"allow\": supported values: \"Allow\", \"Deny\", \"Pass\"", NOTE]],
  ["banp Pass", () => validateBANP(banp({ ingress: [ingress({ action: 'Pass' })] })), ["error NotSupported spec.ingress[0].action: Unsupported value: \"Pass\": supported values: \"Allow\", \"Deny\"", NOTE]],
  ["no from", () => validateANP(anp({ ingress: [{ action: 'Allow' }] })), ["error Required spec.ingress[0].from: Required value", NOTE]],
  ["from empty", () => validateANP(anp({ ingress: [ingress({ from: [] })] })), ["error Invalid spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items"]],
  ["101 rules", () => validateANP(anp({ ingress: times(101, () => ingress()) })), ["error TooMany spec.ingress: Too many: 101: must have at most 100 items", NOTE]],
  ["101 peers", () => validateANP(anp({ ingress: [ingress({ from: times(101, () => ns) })] })), ["error TooMany spec.ingress[0].from: Too many: 101: must have at most 100 items", NOTE]],
  ["name 101", () => validateANP(anp({ ingress: [ingress({ name: 'x'.repeat(101) })] })), ["error TooLong spec.ingress[0].name: Too long: may not be more than 100 bytes", NOTE]],
  ["port 0", () => validateANP(anp({ ingress: [ingress({ ports: [{ portNumber: { port: 0 } }] })] })), ["error Invalid spec.ingress[0].ports[0].portNumber.port: Invalid value: 0: spec.ingress[0].ports[0].portNumber.port in body should be greater than or equal to 1"]],
  ["port proto default", () => validateANP(anp({ ingress: [ingress({ ports: [{ portNumber: { port: 80 } }, { portRange: { start: 1, end: 2 } }] })] })), []],
  // The API server takes these two; they match no traffic, which Palisade says.
  ["range reversed", () => validateANP(anp({ ingress: [ingress({ ports: [{ portRange: { start: 9, end: 2 } }] })] })), ["warning Invalid spec.ingress[0].ports[0].portRange: start 9 is above end 2: this range matches no port"]],
  ["protocol ICMP", () => validateBANP(banp({ egress: [egress([{ namespaces: {} }], { ports: [{ portRange: { protocol: 'ICMP', start: 1, end: 2 } }, { portNumber: { protocol: 'tcp', port: 80 } }] })] })), ["warning Invalid spec.egress[0].ports[0].portRange.protocol: protocol \"ICMP\" is not TCP, UDP or SCTP: this entry matches no traffic", "warning Invalid spec.egress[0].ports[1].portNumber.protocol: protocol \"tcp\" is not TCP, UDP or SCTP: this entry matches no traffic"]],
  ["port both", () => validateANP(anp({ ingress: [ingress({ ports: [{ portNumber: { port: 80 }, portRange: { start: 1, end: 2 } }] })] })), ["error TooMany spec.ingress[0].ports[0]: Too many: 2: must have at most 1 item", NOTE]],
  ["namedPort std", () => validateANP(anp({ ingress: [ingress({ ports: [{ namedPort: 'http' }] })] })), ["warning UnknownField spec.ingress[0].ports[0].namedPort: unknown field \"spec.ingress[0].ports[0].namedPort\"", "error Invalid spec.ingress[0].ports[0]: Invalid value: 0: spec.ingress[0].ports[0] in body should have at least 1 properties"]],
  ["namedPort exp", () => validateANP(anp({ ingress: [ingress({ ports: [{ namedPort: 'http' }] })] }), 'experimental'), []],
  ["nodes std", () => validateANP(anp({ egress: [egress([{ nodes: {} }])] })), ["warning UnknownField spec.egress[0].to[0].nodes: unknown field \"spec.egress[0].to[0].nodes\"", "error Invalid spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties"]],
  ["network bad", () => validateANP(anp({ egress: [egress([{ networks: ['10.0.0.0/33'] }])] })), ["error Invalid spec.egress[0].to[0].networks[0]: Invalid value: \"10.0.0.0/33\": Invalid CIDR format provided"]],
  ["network dup", () => validateANP(anp({ egress: [egress([{ networks: ['10.0.0.0/8', '10.0.0.0/8'] }])] })), ["error Duplicate spec.egress[0].to[0].networks[1]: Duplicate value: \"10.0.0.0/8\""]],
  ["network 26", () => validateANP(anp({ egress: [egress([{ networks: times(26, (i) => `10.${i}.0.0/16`) }])] })), ["error TooMany spec.egress[0].to[0].networks: Too many: 26: must have at most 25 items", NOTE]],
  ["named to networks exp", () => validateANP(anp({ egress: [egress([{ networks: ['10.0.0.0/8'] }], { ports: [{ namedPort: 'dns' }] })] }), 'experimental'), ["error Invalid spec.egress[0]: Invalid value: networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames"]],
  ["named to networks exp 1.33", () => validateANP(anp({ egress: [egress([{ networks: ['10.0.0.0/8'] }], { ports: [{ namedPort: 'dns' }] })] }), 'experimental', 'a', V1_33.kubernetesVersion), ["error Invalid spec.egress[0]: Invalid value: \"object\": networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames"]],
  ["banp named to nodes exp", () => validateBANP(banp({ egress: [egress([{ nodes: {} }], { ports: [{ namedPort: 'dns' }] })] }), 'experimental'), ["error Invalid spec.egress[0]: Invalid value: networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes"]],
  ["banp domainNames exp", () => validateBANP(banp({ egress: [egress([{ domainNames: ['a.example'] }])] }), 'experimental'), ["warning UnknownField spec.egress[0].to[0].domainNames: unknown field \"spec.egress[0].to[0].domainNames\"", "error Invalid spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties"]],
  ["domain bad exp", () => validateANP(anp({ egress: [egress([{ domainNames: ['-a.example'] }])] }), 'experimental'), ["error Invalid spec.egress[0].to[0].domainNames[0]: Invalid value: \"-a.example\": spec.egress[0].to[0].domainNames[0] in body should match '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$'", "warning Invalid spec.egress[0].to[0].domainNames: Palisade cannot resolve domain names offline: a verdict this peer could change is answered as unknown, naming this rule"]],
  ["banp name", () => validateBANP(banp(), 'standard', 'other'), ["error Invalid <nil>: Invalid value: Only one baseline admin network policy with metadata.name=\"default\" can be created in the cluster"]],
  ["banp name 1.33", () => validateBANP(banp(), 'standard', 'other', V1_33.kubernetesVersion), ["error Invalid <nil>: Invalid value: \"object\": Only one baseline admin network policy with metadata.name=\"default\" can be created in the cluster"]],
  ["banp name + spec error", () => validateBANP(banp({ subject: {} }), 'standard', 'other'), ["error Invalid spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties", "error Invalid <nil>: Invalid value: Only one baseline admin network policy with metadata.name=\"default\" can be created in the cluster"]],
  ["banp priority", () => validateBANP(banp({ priority: 1 })), ["warning UnknownField spec.priority: unknown field \"spec.priority\""]],
  ["unknown", () => validateANP(anp({ Priority: 3 })), ["warning UnknownField spec.Priority: unknown field \"spec.Priority\""]],
  ["selector", () => validateANP(anp({ subject: { namespaces: { matchExpressions: [{ key: 'a', operator: 'exists' }] } } })), ["error Invalid spec.subject.namespaces.matchExpressions[0].operator: Invalid value: \"exists\": not a valid selector operator"]],
  ["spec null", () => validateANP(null), ["error Required spec: Required value"]],
  ["bad name", () => validateANP(anp(), 'standard', 'Team_A'), ["error Invalid metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]],
];

test('each constraint of the v1alpha1 CRDs, as kube-apiserver reports it', () => {
  for (const [name, errors, expected] of CASES) assert.deepEqual(lines(errors()), expected, name);
});

test('valid policies of both kinds and channels give no error', () => {
  const full = { ingress: [ingress({ name: 'a', ports: [{ portNumber: { protocol: 'UDP', port: 53 } }, { portRange: { start: 1, end: 2 } }] })], egress: [egress([{ networks: ['10.0.0.0/8'] }, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } }])] };
  for (const channel of ['standard', 'experimental'] as const) {
    assert.deepEqual(lines(validateANP(anp({ ...full, priority: 0 }), channel)), [], channel);
    assert.deepEqual(lines(validateANP(anp({ ...full, priority: 1000 }), channel)), [], channel);
    assert.deepEqual(lines(validateBANP(banp(full), channel)), [], channel);
  }
});

test('a field only the experimental CRD has says so in its hint', () => {
  const [namedPort] = validateANP(anp({ ingress: [ingress({ ports: [{ namedPort: 'http' }] })] }));
  assert.match(namedPort!.hint!, /^namedPort exists only in the experimental channel of the AdminNetworkPolicy CRD: .*--crd-channel experimental/);
  const [nodes] = validateBANP(banp({ egress: [egress([{ nodes: {} }])] }));
  assert.match(nodes!.hint!, /^nodes exists only in the experimental channel of the BaselineAdminNetworkPolicy CRD/);
});

test('the BaselineAdminNetworkPolicy name rule is the CRD\'s: an error at the whole object, placed at the object', () => {
  const [e] = validateBANP(banp(), 'standard', 'other');
  assert.equal(e!.path.toString(), '<nil>');
  assert.equal(e!.sourcePath?.toString(), '');
  assert.match(e!.message, new RegExp(BANP_NAME_RULE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});
