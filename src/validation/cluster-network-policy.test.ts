/**
 * ClusterNetworkPolicy spec validation: for every constraint of the standard
 * CRD (config/crd/standard in kubernetes-sigs/network-policy-api) a valid and
 * an invalid case with the lines kube-apiserver prints, the experimental
 * channel's extra fields and rule, and the upstream conformance policies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import yaml from 'js-yaml';
import { type CrdChannel, validateClusterNetworkPolicySpec } from './cluster-network-policy.js';
import { FILES } from '../engine/conformance/cnp-suite/files.js';
import { V1_33, V1_34, V1_35, V1_36, lines } from './fixtures.test.helper.js';

type Spec = Record<string, unknown>;

const NOTE =
  'error Invalid <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
const DOMAIN_PATTERN = String.raw`^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$`;
const NAMED_PORT_RULE =
  'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames';

const ns = { namespaces: {} };
const spec = (extra: Spec = {}): Spec => ({ tier: 'Admin', priority: 10, subject: ns, ...extra });
const ingress = (extra: Spec = {}): Spec => ({ action: 'Accept', from: [ns], ...extra });
const egress = (to: unknown[], extra: Spec = {}): Spec => ({ action: 'Deny', to, ...extra });
const withIngress = (...rules: Spec[]): Spec => spec({ ingress: rules });
const withEgress = (...rules: Spec[]): Spec => spec({ egress: rules });
const port = (destinationPort: unknown, protocol = 'tcp'): Spec => withIngress(ingress({ protocols: [{ [protocol]: { destinationPort } }] }));
const networks = (...cidrs: unknown[]): Spec => withEgress(egress([{ networks: cidrs }]));
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const cidr = (i: number) => `10.${i}.0.0/16`;

const P0 = 'spec.ingress[0].protocols[0]';
const DP = `${P0}.tcp.destinationPort`;
const NET = 'spec.egress[0].to[0].networks';

const valid: [string, Spec, CrdChannel?][] = [
  ['the smallest policy', spec()],
  ['tier Baseline', spec({ tier: 'Baseline' })],
  ['priority 0', spec({ priority: 0 })],
  ['priority 1000', spec({ priority: 1000 })],
  ['subject pods with a pod selector', spec({ subject: { pods: { podSelector: {} } } })],
  ['subject pods with both selectors', spec({ subject: { pods: { namespaceSelector: { matchLabels: { a: 'b' } }, podSelector: {} } } })],
  ['25 ingress rules', withIngress(...times(25, () => ingress()))],
  ['25 egress rules', withEgress(...times(25, () => egress([ns])))],
  ['a rule name of 100 characters', withIngress(ingress({ name: 'n'.repeat(100) }))],
  ['a rule name of 100 two-byte characters (maxLength counts characters)', withIngress(ingress({ name: 'é'.repeat(100) }))],
  ['25 peers', withIngress(ingress({ from: times(25, () => ns) }))],
  ['25 protocols', withIngress(ingress({ protocols: times(25, (i) => ({ tcp: { destinationPort: { number: i + 1 } } })) }))],
  ['actions Accept, Deny and Pass', withIngress(ingress(), ingress({ action: 'Deny' }), ingress({ action: 'Pass' }))],
  ['a named port', withIngress(ingress({ protocols: [{ destinationNamedPort: 'http' }] }))],
  ['port 1 and 65535, TCP, UDP and SCTP', withIngress(ingress({ protocols: [{ tcp: { destinationPort: { number: 1 } } }, { udp: { destinationPort: { number: 65535 } } }, { sctp: { destinationPort: { number: 80 } } }] }))],
  ['a range 1 to 65535', port({ range: { start: 1, end: 65535 } })],
  ['25 networks', networks(...times(25, cidr))],
  ['a CIDR of 43 characters', networks('2001:0db8:0000:0000:0000:0000:0000:0000/128')],
  ['a CIDR with host bits (netip.ParsePrefix keeps them)', networks('10.0.0.1/8')],
  ['the whole address spaces', networks('0.0.0.0/0', '::/0')],
  ['null optional fields are absent', spec({ ingress: null, egress: [egress([ns], { name: null, protocols: null })] })],
  ['pods and networks peers in one rule', withEgress(egress([{ pods: { podSelector: {} } }, { networks: ['192.168.0.0/16'] }]))],
  ['a selector with every operator', spec({ subject: { namespaces: { matchExpressions: [
    { key: 'a', operator: 'In', values: ['x'] }, { key: 'b', operator: 'NotIn', values: ['y'] },
    { key: 'c', operator: 'Exists' }, { key: 'd', operator: 'DoesNotExist' },
  ] } } })],
  ['experimental: nodes and domainNames peers', withEgress(egress([{ nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }, { domainNames: ['*.example.com', 'example.com.'] }])), 'experimental'],
  ['experimental: networks with a port number', withEgress(egress([{ networks: ['10.0.0.0/8'] }], { protocols: [{ tcp: { destinationPort: { number: 53 } } }] })), 'experimental'],
  ['experimental: a named port towards pods', withEgress(egress([{ pods: { podSelector: {} } }], { protocols: [{ destinationNamedPort: 'dns' }] })), 'experimental'],
];

test('valid specs give no errors', () => {
  for (const [name, s, channel = 'standard'] of valid) {
    assert.deepEqual(lines(validateClusterNetworkPolicySpec(s, channel)), [], name);
  }
});

/** name → spec (standard channel, Kubernetes 1.36), and the lines kube-apiserver prints. */
const invalid: [string, unknown, string[]][] = [
  ['spec missing', undefined, ['error Required spec: Required value']],
  ['spec null (pruned)', null, ['error Required spec: Required value']],
  ['tier missing', { priority: 1, subject: ns }, ['error Required spec.tier: Required value', NOTE]],
  ['priority and subject missing', { tier: 'Admin' }, ['error Required spec.priority: Required value', 'error Required spec.subject: Required value', NOTE]],
  ['tier null (pruned, so missing)', spec({ tier: null }), ['error Required spec.tier: Required value', NOTE]],
  ['tier not in the enum', spec({ tier: 'admin' }), ['error NotSupported spec.tier: Unsupported value: "admin": supported values: "Admin", "Baseline"', NOTE]],
  ['tier of the wrong type', spec({ tier: 1 }), [
    'error TypeInvalid spec.tier: Invalid value: "integer": spec.tier in body must be of type string: "integer"',
    'error NotSupported spec.tier: Unsupported value: 1: supported values: "Admin", "Baseline"',
    NOTE,
  ]],
  ['priority below 0', spec({ priority: -1 }), ['error Invalid spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0']],
  ['priority above 1000', spec({ priority: 1001 }), ['error Invalid spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000']],
  ['priority as a string', spec({ priority: '10' }), ['error TypeInvalid spec.priority: Invalid value: "string": spec.priority in body must be of type integer: "string"', NOTE]],
  ['priority as a boolean (the int32 format speaks)', spec({ priority: true }), ['error TypeInvalid spec.priority: Invalid value: "": spec.priority in body must be of type int32: ""', NOTE]],
  ['priority with a fraction', spec({ priority: 1.5 }), [
    'error TypeInvalid spec.priority: Invalid value: "float64": spec.priority in body must be of type int32: "float64"',
    'error Invalid <nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.priority',
    NOTE,
  ]],
  ['priority beyond int32', spec({ priority: 2 ** 31 }), [
    'error Invalid <nil>: Invalid value: "": Checked value must be of type integer with format int32 in spec.priority',
    'error Invalid spec.priority: Invalid value: 2147483648: spec.priority in body should be less than or equal to 1000',
  ]],
  ['subject empty', spec({ subject: {} }), ['error Invalid spec.subject: Invalid value: 0: spec.subject in body should have at least 1 properties']],
  ['subject with two selectors', spec({ subject: { namespaces: {}, pods: { podSelector: {} } } }), ['error TooMany spec.subject: Too many: 2: must have at most 1 item', NOTE]],
  ['subject pods without a pod selector', spec({ subject: { pods: { namespaceSelector: {} } } }), ['error Required spec.subject.pods.podSelector: Required value', NOTE]],
  ['subject as a list', spec({ subject: [] }), ['error TypeInvalid spec.subject: Invalid value: "array": spec.subject in body must be of type object: "array"', NOTE]],
  ['26 ingress rules', withIngress(...times(26, () => ingress())), ['error TooMany spec.ingress: Too many: 26: must have at most 25 items', NOTE]],
  ['26 egress rules', withEgress(...times(26, () => egress([ns]))), ['error TooMany spec.egress: Too many: 26: must have at most 25 items', NOTE]],
  ['ingress as an object', spec({ ingress: {} }), ['error TypeInvalid spec.ingress: Invalid value: "object": spec.ingress in body must be of type array: "object"', NOTE]],
  ['a null rule (list items are not pruned)', spec({ ingress: [null] }), ['error TypeInvalid spec.ingress[0]: Invalid value: "null": spec.ingress[0] in body must be of type object: "null"', NOTE]],
  ['ingress rule without action and from', withIngress({ name: 'x' }), ['error Required spec.ingress[0].action: Required value', 'error Required spec.ingress[0].from: Required value', NOTE]],
  ['egress rule without to', withEgress({ action: 'Pass' }), ['error Required spec.egress[0].to: Required value', NOTE]],
  ['action not in the enum', withIngress(ingress({ action: 'Allow' })), ['error NotSupported spec.ingress[0].action: Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"', NOTE]],
  ['rule name of 101 characters', withIngress(ingress({ name: 'n'.repeat(101) })), ['error TooLong spec.ingress[0].name: Too long: may not be more than 100 bytes', NOTE]],
  ['no peers', withIngress(ingress({ from: [] })), ['error Invalid spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items']],
  ['26 peers', withIngress(ingress({ from: times(26, () => ns) })), ['error TooMany spec.ingress[0].from: Too many: 26: must have at most 25 items', NOTE]],
  ['26 egress peers', withEgress(egress(times(26, () => ns))), ['error TooMany spec.egress[0].to: Too many: 26: must have at most 25 items', NOTE]],
  ['an empty peer', withIngress(ingress({ from: [{}] })), ['error Invalid spec.ingress[0].from[0]: Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties']],
  ['a peer with two kinds', withEgress(egress([{ namespaces: {}, networks: ['10.0.0.0/8'] }])), ['error TooMany spec.egress[0].to[0]: Too many: 2: must have at most 1 item', NOTE]],
  ['no protocols', withIngress(ingress({ protocols: [] })), ['error Invalid spec.ingress[0].protocols: Invalid value: 0: spec.ingress[0].protocols in body should have at least 1 items']],
  ['26 protocols', withIngress(ingress({ protocols: times(26, () => ({ destinationNamedPort: 'http' })) })), ['error TooMany spec.ingress[0].protocols: Too many: 26: must have at most 25 items', NOTE]],
  ['an empty protocol', withIngress(ingress({ protocols: [{}] })), [`error Invalid ${P0}: Invalid value: 0: ${P0} in body should have at least 1 properties`]],
  ['a protocol with two kinds', withIngress(ingress({ protocols: [{ tcp: { destinationPort: { number: 80 } }, destinationNamedPort: 'http' }] })), [`error TooMany ${P0}: Too many: 2: must have at most 1 item`, NOTE]],
  ['tcp without anything', withIngress(ingress({ protocols: [{ tcp: {} }] })), [`error Invalid ${P0}.tcp: Invalid value: 0: ${P0}.tcp in body should have at least 1 properties`]],
  ['an empty destinationPort', port({}), [`error Invalid ${DP}: Invalid value: 0: ${DP} in body should have at least 1 properties`]],
  ['a number and a range', port({ number: 80, range: { start: 1, end: 2 } }), [`error TooMany ${DP}: Too many: 2: must have at most 1 item`, NOTE]],
  ['port 0', port({ number: 0 }), [`error Invalid ${DP}.number: Invalid value: 0: ${DP}.number in body should be greater than or equal to 1`]],
  ['port 65536 (udp)', port({ number: 65536 }, 'udp'), [
    `error Invalid ${P0}.udp.destinationPort.number: Invalid value: 65536: ${P0}.udp.destinationPort.number in body should be less than or equal to 65535`,
  ]],
  ['port as a string', port({ number: '80' }, 'sctp'), [
    `error TypeInvalid ${P0}.sctp.destinationPort.number: Invalid value: "string": ${P0}.sctp.destinationPort.number in body must be of type integer: "string"`,
    NOTE,
  ]],
  ['a range without end', port({ range: { start: 80 } }), [`error Required ${DP}.range.end: Required value`, NOTE]],
  ['a range that runs backwards', port({ range: { start: 90, end: 80 } }), [`error Invalid ${DP}.range: Invalid value: Start port must be less than End port`]],
  ['a range of one port', port({ range: { start: 80, end: 80 } }), [`error Invalid ${DP}.range: Invalid value: Start port must be less than End port`]],
  ['a range out of bounds still runs the rule (Invalid is not blocking)', port({ range: { start: 0, end: 65536 } }), [
    `error Invalid ${DP}.range.start: Invalid value: 0: ${DP}.range.start in body should be greater than or equal to 1`,
    `error Invalid ${DP}.range.end: Invalid value: 65536: ${DP}.range.end in body should be less than or equal to 65535`,
  ]],
  ['a range out of bounds and backwards', port({ range: { start: 65536, end: 0 } }), [
    `error Invalid ${DP}.range.start: Invalid value: 65536: ${DP}.range.start in body should be less than or equal to 65535`,
    `error Invalid ${DP}.range.end: Invalid value: 0: ${DP}.range.end in body should be greater than or equal to 1`,
    `error Invalid ${DP}.range: Invalid value: Start port must be less than End port`,
  ]],
  ['no networks', networks(), [`error Invalid ${NET}: Invalid value: 0: ${NET} in body should have at least 1 items`]],
  ['26 networks', networks(...times(26, cidr)), [`error TooMany ${NET}: Too many: 26: must have at most 25 items`, NOTE]],
  ['a CIDR of 44 characters', networks('2001:0db8:0000:0000:0000:0000:0000:0000/0128'), [`error TooLong ${NET}[0]: Too long: may not be more than 43 bytes`, NOTE]],
  ['a network twice (set), reported at its first repeat only', networks('10.0.0.0/8', '10.0.0.0/8', '10.0.0.0/8', '::/0', '::/0'), [
    `error Duplicate ${NET}[1]: Duplicate value: "10.0.0.0/8"`,
    `error Duplicate ${NET}[4]: Duplicate value: "::/0"`,
  ]],
  ['a network as a number', networks(10), [`error TypeInvalid ${NET}[0]: Invalid value: "integer": ${NET}[0] in body must be of type string: "integer"`, NOTE]],
  ...['10.0.0.0', '10.0.0.0/33', '010.0.0.0/8', '10.0.0.0/08', '10.0.0.0/+8', '::ffff:10.0.0.0/104', 'fe80::1%eth0/64', '1:2:3:4:5:6:7:8:9/64', 'abc'].map(
    (bad): [string, Spec, string[]] => [`not a CIDR: ${bad}`, networks(bad), [`error Invalid ${NET}[0]: Invalid value: "${bad}": Invalid CIDR format provided`]],
  ),
  ['unknown fields are pruned with a warning each, sorted by path', spec({ zeta: 1, ingress: [ingress({ from: [{ namespaces: {}, namespace: {} }] })], alpha: null }), [
    'warning UnknownField spec.alpha: unknown field "spec.alpha"',
    'warning UnknownField spec.ingress[0].from[0].namespace: unknown field "spec.ingress[0].from[0].namespace"',
    'warning UnknownField spec.zeta: unknown field "spec.zeta"',
  ]],
  ['standard: nodes and domainNames are unknown, and the peers left empty', withEgress(egress([{ nodes: {} }, { domainNames: ['example.com'] }])), [
    'warning UnknownField spec.egress[0].to[0].nodes: unknown field "spec.egress[0].to[0].nodes"',
    'warning UnknownField spec.egress[0].to[1].domainNames: unknown field "spec.egress[0].to[1].domainNames"',
    'error Invalid spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties',
    'error Invalid spec.egress[0].to[1]: Invalid value: 0: spec.egress[0].to[1] in body should have at least 1 properties',
  ]],
  ['standard: a named port towards networks is allowed (the rule is experimental)', withEgress(egress([{ networks: ['10.0.0.0/8'] }], { protocols: [{ destinationNamedPort: 'dns' }] })), []],
  ['a bad operator (kube-apiserver accepts it)', spec({ subject: { namespaces: { matchExpressions: [{ key: 'app', operator: 'in', values: ['a'] }] } } }), [
    'error Invalid spec.subject.namespaces.matchExpressions[0].operator: Invalid value: "in": not a valid selector operator',
  ]],
  ['In without values, in a peer pod selector', withIngress(ingress({ from: [{ pods: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] } } }] })), [
    "error Required spec.ingress[0].from[0].pods.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  ]],
  ['a bad label value in a namespace selector', withEgress(egress([{ pods: { namespaceSelector: { matchLabels: { app: 'a b' } }, podSelector: {} } }])), [
    'error Invalid spec.egress[0].to[0].pods.namespaceSelector.matchLabels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
  ]],
  ['a selector with schema errors is left to them', spec({ subject: { namespaces: { matchExpressions: [{ operator: 'in' }] } } }), [
    'error Required spec.subject.namespaces.matchExpressions[0].key: Required value',
    NOTE,
  ]],
];

test('each constraint of the standard CRD, as kube-apiserver 1.36 reports it', () => {
  for (const [name, s, expected] of invalid) {
    assert.deepEqual(lines(validateClusterNetworkPolicySpec(s, 'standard')), expected, name);
  }
});

test('the experimental channel: its peers, their pattern and set, and its egress rule', () => {
  const TO = 'spec.egress[0].to[0]';
  const cases: [string, Spec, string[]][] = [
    ['a bad domain name', withEgress(egress([{ domainNames: ['-bad.example.com'] }])), [
      `error Invalid ${TO}.domainNames[0]: Invalid value: "-bad.example.com": ${TO}.domainNames[0] in body should match '${DOMAIN_PATTERN}'`,
    ]],
    ['a single label is no domain name', withEgress(egress([{ domainNames: ['localhost'] }])), [
      `error Invalid ${TO}.domainNames[0]: Invalid value: "localhost": ${TO}.domainNames[0] in body should match '${DOMAIN_PATTERN}'`,
    ]],
    ['a domain name twice', withEgress(egress([{ domainNames: ['a.example', 'a.example'] }])), [`error Duplicate ${TO}.domainNames[1]: Duplicate value: "a.example"`]],
    ['no domain names', withEgress(egress([{ domainNames: [] }])), [`error Invalid ${TO}.domainNames: Invalid value: 0: ${TO}.domainNames in body should have at least 1 items`]],
    ['26 domain names', withEgress(egress([{ domainNames: times(26, (i) => `h${i}.example`) }])), [`error TooMany ${TO}.domainNames: Too many: 26: must have at most 25 items`, NOTE]],
    ['nodes and networks in one peer', withEgress(egress([{ nodes: {}, networks: ['10.0.0.0/8'] }])), [`error TooMany ${TO}: Too many: 2: must have at most 1 item`, NOTE]],
    ['a named port towards nodes', withEgress(egress([{ nodes: {} }], { protocols: [{ destinationNamedPort: 'http' }] })), [`error Invalid spec.egress[0]: Invalid value: ${NAMED_PORT_RULE}`]],
    ['a named port towards networks, among pods', withEgress(egress([{ pods: { podSelector: {} } }, { networks: ['::/0'] }], { protocols: [{ tcp: { destinationPort: { number: 80 } } }, { destinationNamedPort: 'http' }] })), [
      `error Invalid spec.egress[0]: Invalid value: ${NAMED_PORT_RULE}`,
    ]],
    ['a named port towards domain names', withEgress(egress([{ domainNames: ['example.com'] }], { protocols: [{ destinationNamedPort: 'https' }] })), [`error Invalid spec.egress[0]: Invalid value: ${NAMED_PORT_RULE}`]],
    ['a bad node selector', withEgress(egress([{ nodes: { matchExpressions: [{ key: 'k', operator: 'Exists', values: ['v'] }] } }])), [
      `error Forbidden ${TO}.nodes.matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    ]],
    ['no nodes in ingress', withIngress(ingress({ from: [{ nodes: {} }] })), [
      'warning UnknownField spec.ingress[0].from[0].nodes: unknown field "spec.ingress[0].from[0].nodes"',
      'error Invalid spec.ingress[0].from[0]: Invalid value: 0: spec.ingress[0].from[0] in body should have at least 1 properties',
    ]],
  ];
  for (const [name, s, expected] of cases) {
    assert.deepEqual(lines(validateClusterNetworkPolicySpec(s, 'experimental')), expected, name);
  }
});

test('hints: experimental-only fields name the channel; selector errors say the API server accepts them', () => {
  const [nodes, domains] = validateClusterNetworkPolicySpec(withEgress(egress([{ nodes: {} }, { domainNames: ['a.example'] }])), 'standard');
  assert.equal(nodes?.severity, 'warning');
  assert.match(nodes?.hint ?? '', /^nodes exists only in the experimental channel .*`--crd-channel experimental` reads it$/);
  assert.equal(domains?.severity, 'warning');
  assert.match(domains?.hint ?? '', /^domainNames exists only in the experimental channel/);
  const [typo] = validateClusterNetworkPolicySpec(spec({ Priority: 5 }), 'standard');
  assert.equal(typo?.hint, 'did you mean "priority"? The API server prunes an unknown field, which changes what the object means');
  const [ingressNetworks] = validateClusterNetworkPolicySpec(withIngress(ingress({ from: [{ networks: ['10.0.0.0/8'] }] })), 'standard');
  assert.equal(ingressNetworks?.hint, 'known fields here: namespaces, pods', 'networks is no ingress peer in either channel');

  const [operator] = validateClusterNetworkPolicySpec(spec({ subject: { namespaces: { matchExpressions: [{ key: 'a', operator: 'exists' }] } } }), 'standard');
  assert.equal(operator?.severity, 'error');
  assert.match(operator?.hint ?? '', /^kube-apiserver accepts this ClusterNetworkPolicy \(the CRD does not check label selectors\), but no implementation can evaluate this selector; operators are case-sensitive/);
});

test('messages of each supported release', () => {
  const backwards = port({ range: { start: 90, end: 80 } });
  const badCIDR = networks('10.0.0.0/33');
  const flag = spec({ priority: true, tier: 'x' });
  const note = (value: string) =>
    `error Invalid <nil>: Invalid value: ${value}: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation`;
  const cases: [typeof V1_33, Spec, string[]][] = [
    // A failed rule showed the schema type until 1.34; from 1.35 the value, or nothing for an object.
    [V1_33, backwards, [`error Invalid ${DP}.range: Invalid value: "object": Start port must be less than End port`]],
    [V1_34, backwards, [`error Invalid ${DP}.range: Invalid value: "object": Start port must be less than End port`]],
    [V1_35, backwards, [`error Invalid ${DP}.range: Invalid value: Start port must be less than End port`]],
    [V1_34, badCIDR, [`error Invalid ${NET}[0]: Invalid value: "string": Invalid CIDR format provided`]],
    [V1_35, badCIDR, [`error Invalid ${NET}[0]: Invalid value: "10.0.0.0/33": Invalid CIDR format provided`]],
    // Before 1.36 the API server stripped the int32 format, and a nil value printed quoted until 1.34.
    [V1_33, flag, [
      'error NotSupported spec.tier: Unsupported value: "x": supported values: "Admin", "Baseline"',
      'error TypeInvalid spec.priority: Invalid value: "boolean": spec.priority in body must be of type integer: "boolean"',
      note('"null"'),
    ]],
    [V1_35, flag, [
      'error NotSupported spec.tier: Unsupported value: "x": supported values: "Admin", "Baseline"',
      'error TypeInvalid spec.priority: Invalid value: "boolean": spec.priority in body must be of type integer: "boolean"',
      note('null'),
    ]],
    [V1_36, flag, [
      'error NotSupported spec.tier: Unsupported value: "x": supported values: "Admin", "Baseline"',
      'error TypeInvalid spec.priority: Invalid value: "": spec.priority in body must be of type int32: ""',
      note('null'),
    ]],
    [V1_35, spec({ priority: 2 ** 31 }), ['error Invalid spec.priority: Invalid value: 2147483648: spec.priority in body should be less than or equal to 1000']],
  ];
  for (const [opts, s, expected] of cases) {
    assert.deepEqual(lines(validateClusterNetworkPolicySpec(s, 'standard', opts)), expected, `${JSON.stringify(opts)} ${JSON.stringify(s)}`);
  }
});

test('the upstream conformance policies validate clean with the channel their file names', () => {
  const files = Object.entries(FILES).filter(([path]) => /_tier\//.test(path));
  assert.equal(files.length, 19);
  let policies = 0;
  for (const [path, text] of files) {
    const channel: CrdChannel = path.includes('/experimental-') ? 'experimental' : 'standard';
    for (const doc of yaml.loadAll(text) as { kind?: string; spec?: unknown }[]) {
      if (doc?.kind !== 'ClusterNetworkPolicy') continue;
      policies++;
      assert.deepEqual(lines(validateClusterNetworkPolicySpec(doc.spec, channel)), [], path);
      if (channel === 'experimental') {
        // The standard CRD prunes their nodes peers: the file name's channel matters.
        assert.notDeepEqual(lines(validateClusterNetworkPolicySpec(doc.spec, 'standard')), [], path);
      }
    }
  }
  assert.equal(policies, 21);
});
