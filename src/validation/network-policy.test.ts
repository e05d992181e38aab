/**
 * NetworkPolicy validation. The success and error tables follow upstream
 * pkg/apis/networking/validation/validation_test.go (TestValidateNetworkPolicy),
 * with the exact errors the API server gives for each.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkPolicyPeer, NetworkPolicySpec } from '../model/objects.js';
import { V1_33, V1_34, V1_35, V1_36, kinds, lines, networkPolicy } from './fixtures.test.helper.js';
import { validateNetworkPolicy } from './index.js';

const ab = { matchLabels: { a: 'b' } };
const cd = { matchLabels: { c: 'd' } };
const v4Block = { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] };
const v6Block = { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64', 'fd00:192:168:4::/64'] };
const mixedPorts = [
  { port: 80 },
  { protocol: 'TCP' },
  { protocol: 'TCP', port: 443 },
  { protocol: 'UDP', port: 'dns' },
  { protocol: 'SCTP', port: 7777 },
];

const upstreamSuccess: Partial<NetworkPolicySpec>[] = [
  { podSelector: ab, ingress: [] },
  { podSelector: ab, ingress: [{ from: [], ports: [] }] },
  { podSelector: ab, ingress: [{ ports: mixedPorts }] },
  { podSelector: ab, ingress: [{ from: [{ podSelector: cd }] }] },
  { podSelector: ab, ingress: [{ from: [{ namespaceSelector: cd }] }] },
  { podSelector: ab, ingress: [{ from: [{ namespaceSelector: cd, podSelector: { matchLabels: { e: 'f' } } }] }] },
  { podSelector: ab, egress: [{ to: [{ namespaceSelector: cd }] }], ingress: [{ from: [{ ipBlock: v4Block }] }] },
  { podSelector: ab, ingress: [{ from: [{ ipBlock: v4Block }] }] },
  { podSelector: ab, egress: [{ to: [{ ipBlock: v4Block }] }], policyTypes: ['Egress'] },
  { podSelector: ab, egress: [{ to: [{ ipBlock: v4Block }] }], policyTypes: ['Ingress', 'Egress'] },
  { podSelector: ab, egress: [{ ports: mixedPorts }] },
  { podSelector: ab, egress: [{ to: [{ namespaceSelector: cd }] }], ingress: [{ from: [{ ipBlock: v6Block }] }] },
  { podSelector: ab, ingress: [{ from: [{ ipBlock: v6Block }] }] },
  { podSelector: ab, egress: [{ to: [{ ipBlock: v6Block }] }], policyTypes: ['Egress'] },
  { podSelector: ab, egress: [{ to: [{ ipBlock: v6Block }] }], policyTypes: ['Ingress', 'Egress'] },
  { ingress: [{ ports: [{ protocol: 'TCP', port: 30000, endPort: 32768 }] }] },
  { egress: [{ ports: [{ protocol: 'UDP', port: 32000, endPort: 32000 }] }] },
  { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] } },
];

test('upstream success cases pass in 1.35 and 1.36', () => {
  for (const spec of upstreamSuccess) {
    assert.deepEqual(lines(validateNetworkPolicy(networkPolicy(spec), V1_36)), [], JSON.stringify(spec));
    assert.deepEqual(lines(validateNetworkPolicy(networkPolicy(spec), V1_35)), [], JSON.stringify(spec));
  }
});

const badKey = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } };
const BAD_KEY_MSG =
  'Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const NOT_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const ICMP = 'Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"';
const RANGE = 'must be between 1 and 65535, inclusive';
const NAME_CHARSET = 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
const NAME_LETTER = 'must contain at least one letter (a-z)';

/** name → spec, and the errors 1.36 reports ("<type> <field>: <body>"). */
const upstreamErrors: [string, Partial<NetworkPolicySpec>, string[]][] = [
  [
    'namespaceSelector and ipBlock',
    { podSelector: ab, ingress: [{ from: [{ namespaceSelector: cd, ipBlock: v4Block }] }] },
    ['Forbidden spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  ],
  [
    'podSelector and ipBlock',
    { podSelector: ab, egress: [{ to: [{ podSelector: cd, ipBlock: v4Block }] }] },
    ['Forbidden spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer'],
  ],
  [
    'missing from and to type',
    { podSelector: ab, ingress: [{ from: [{}] }], egress: [{ to: [{}] }] },
    [
      'Required spec.ingress[0].from[0]: Required value: must specify a peer',
      'Required spec.egress[0].to[0]: Required value: must specify a peer',
    ],
  ],
  [
    'invalid spec.podSelector',
    { podSelector: badKey, ingress: [{ from: [{ namespaceSelector: cd }] }] },
    [`Invalid spec.podSelector.matchLabels: ${BAD_KEY_MSG}`],
  ],
  [
    'invalid ingress.ports.protocol',
    { ingress: [{ ports: [{ protocol: 'ICMP', port: 80 }] }] },
    [`NotSupported spec.ingress[0].ports[0].protocol: ${ICMP}`],
  ],
  [
    'invalid ingress.ports.port (int)',
    { ingress: [{ ports: [{ protocol: 'TCP', port: 123456789 }] }] },
    [`Invalid spec.ingress[0].ports[0].port: Invalid value: 123456789: ${RANGE}`],
  ],
  [
    'invalid ingress.ports.port (str)',
    { ingress: [{ ports: [{ protocol: 'TCP', port: '!@#$' }] }] },
    [
      `Invalid spec.ingress[0].ports[0].port: Invalid value: "!@#$": ${NAME_CHARSET}`,
      `Invalid spec.ingress[0].ports[0].port: Invalid value: "!@#$": ${NAME_LETTER}`,
    ],
  ],
  [
    'invalid ingress.from.podSelector',
    { ingress: [{ from: [{ podSelector: badKey }] }] },
    [`Invalid spec.ingress[0].from[0].podSelector.matchLabels: ${BAD_KEY_MSG}`],
  ],
  [
    'invalid egress.to.podSelector',
    { egress: [{ to: [{ podSelector: badKey }] }] },
    [`Invalid spec.egress[0].to[0].podSelector.matchLabels: ${BAD_KEY_MSG}`],
  ],
  [
    'invalid egress.ports.protocol',
    { egress: [{ ports: [{ protocol: 'ICMP', port: 80 }] }] },
    [`NotSupported spec.egress[0].ports[0].protocol: ${ICMP}`],
  ],
  [
    'invalid egress.ports.port (int)',
    { egress: [{ ports: [{ protocol: 'TCP', port: 123456789 }] }] },
    [`Invalid spec.egress[0].ports[0].port: Invalid value: 123456789: ${RANGE}`],
  ],
  [
    'invalid egress.ports.port (str)',
    { egress: [{ ports: [{ protocol: 'TCP', port: '!@#$' }] }] },
    [
      `Invalid spec.egress[0].ports[0].port: Invalid value: "!@#$": ${NAME_CHARSET}`,
      `Invalid spec.egress[0].ports[0].port: Invalid value: "!@#$": ${NAME_LETTER}`,
    ],
  ],
  [
    'invalid ingress.from.namespaceSelector',
    { ingress: [{ from: [{ namespaceSelector: badKey }] }] },
    [`Invalid spec.ingress[0].from[0].namespaceSelector.matchLabels: ${BAD_KEY_MSG}`],
  ],
  [
    'missing cidr field (except is then not checked)',
    { ingress: [{ from: [{ ipBlock: { cidr: '', except: ['192.168.8.0/24', 'nonsense'] } }] }] },
    ['Required spec.ingress[0].from[0].ipBlock.cidr: Required value'],
  ],
  [
    'invalid cidr format (except is then not checked)',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: '192.168.5.6', except: ['192.168.1.0/24', 'x'] } }] }] },
    [`Invalid spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": ${NOT_CIDR}`],
  ],
  [
    'invalid ipv6 cidr format',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:192:168::', except: ['fd00:192:168:3::/64'] } }] }] },
    [`Invalid spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "fd00:192:168::": ${NOT_CIDR}`],
  ],
  [
    'except field is an empty string',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: '192.168.8.0/24', except: ['', ' '] } }] }] },
    [
      `Invalid spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "": ${NOT_CIDR}`,
      `Invalid spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: " ": ${NOT_CIDR}`,
    ],
  ],
  [
    'except IP is outside of CIDR range',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: '192.168.8.0/24', except: ['192.168.9.1/24'] } }] }] },
    [
      'Invalid spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/24": must not have bits set beyond the prefix length',
      'Invalid spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.9.1/24": must be a strict subset of `cidr`',
    ],
  ],
  [
    'except IP is not strictly within CIDR range',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] } }] }] },
    ['Invalid spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`'],
  ],
  [
    'except IPv6 is outside of CIDR range',
    { podSelector: ab, ingress: [{ from: [{ ipBlock: { cidr: 'fd00:192:168:1::/64', except: ['fd00:192:168:2::/64'] } }] }] },
    ['Invalid spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "fd00:192:168:2::/64": must be a strict subset of `cidr`'],
  ],
  [
    'invalid policyTypes',
    { podSelector: ab, egress: [{ to: [{ ipBlock: v4Block }] }], policyTypes: ['foo', 'bar'] },
    [
      'NotSupported spec.policyTypes[0]: Unsupported value: "foo": supported values: "Ingress", "Egress"',
      'NotSupported spec.policyTypes[1]: Unsupported value: "bar": supported values: "Ingress", "Egress"',
    ],
  ],
  [
    'too many policyTypes (no check of the values then)',
    { podSelector: ab, egress: [{ to: [{ ipBlock: v4Block }] }], policyTypes: ['foo', 'bar', 'baz'] },
    [
      'Invalid spec.policyTypes: Invalid value: ["foo","bar","baz"]: may not specify more than two policyTypes',
    ],
  ],
  [
    'endPort below port',
    { egress: [{ ports: [{ protocol: 'TCP', port: 35000, endPort: 32000 }] }] },
    ['Invalid spec.egress[0].ports[0].endPort: Invalid value: 35000: must be greater than or equal to `port`'],
  ],
  [
    'endPort above 65535',
    { egress: [{ ports: [{ protocol: 'TCP', port: 30000, endPort: 65537 }] }] },
    [`Invalid spec.egress[0].ports[0].endPort: Invalid value: 65537: ${RANGE}`],
  ],
  [
    'endPort 0 is both below port and out of range',
    { ingress: [{ ports: [{ port: 80, endPort: 0 }] }] },
    [
      'Invalid spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
      `Invalid spec.ingress[0].ports[0].endPort: Invalid value: 0: ${RANGE}`,
    ],
  ],
  [
    'endPort with a named port',
    { egress: [{ ports: [{ protocol: 'TCP', port: 'https', endPort: 32768 }] }] },
    ['Invalid spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is non-numeric'],
  ],
  [
    'endPort with a bad named port',
    { egress: [{ ports: [{ port: '80', endPort: 90 }] }] },
    [
      'Invalid spec.egress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      `Invalid spec.egress[0].ports[0].port: Invalid value: "80": ${NAME_LETTER}`,
    ],
  ],
  [
    'endPort without port',
    { egress: [{ ports: [{ protocol: 'TCP', endPort: 32768 }] }] },
    ['Invalid spec.egress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified'],
  ],
  [
    'port 0',
    { ingress: [{ ports: [{ port: 0 }] }] },
    [`Invalid spec.ingress[0].ports[0].port: Invalid value: 0: ${RANGE}`],
  ],
  [
    'protocol is case-sensitive, and an empty one is not defaulted',
    { ingress: [{ ports: [{ protocol: 'tcp' }, { protocol: '' }] }] },
    [
      'NotSupported spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
      'NotSupported spec.ingress[0].ports[1].protocol: Unsupported value: "": supported values: "TCP", "UDP", "SCTP"',
    ],
  ],
  [
    'all three peer kinds in one peer: one Forbidden',
    { ingress: [{ from: [{ podSelector: {}, namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }] }] },
    ['Forbidden spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
  ],
];

for (const [name, spec, expected] of upstreamErrors) {
  test(`error: ${name}`, () => {
    const errors = validateNetworkPolicy(networkPolicy(spec), V1_36);
    assert.deepEqual(
      errors.map((e) => `${e.type} ${e.path.toString()}: ${e.message}`),
      expected,
    );
    assert.ok(errors.every((e) => e.severity === 'error'));
  });
}

const withSelector = (selector: NetworkPolicyPeer['podSelector']) =>
  validateNetworkPolicy(networkPolicy({ ingress: [{ from: [{ podSelector: selector }] }] }), V1_36);

test('label selector operators and values', () => {
  const at = 'spec.ingress[0].from[0].podSelector.matchExpressions[0]';
  const table: [NetworkPolicyPeer['podSelector'], string[]][] = [
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, []],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web', ''] }] }, []],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, []],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: [] }] }, []],
    [
      { matchExpressions: [{ key: 'app', operator: 'In' }] },
      [`Required ${at}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] },
      [`Required ${at}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
      [`Forbidden ${at}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['web'] }] },
      [`Forbidden ${at}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] },
      [`Invalid ${at}.operator: Invalid value: "in": not a valid selector operator`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] },
      [`Invalid ${at}.operator: Invalid value: "Gt": not a valid selector operator`],
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'In', values: ['ok', '-bad'] }] },
      [
        `Invalid ${at}.values[1]: Invalid value: "-bad": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
    [
      { matchExpressions: [{ key: 'a/b/c', operator: 'Exists' }] },
      [
        `Invalid ${at}.key: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
    [
      { matchLabels: { app: 'a'.repeat(64) } },
      [`Invalid spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
  ];
  for (const [selector, expected] of table) {
    assert.deepEqual(
      withSelector(selector).map((e) => `${e.type} ${e.path.toString()}: ${e.message}`),
      expected,
      JSON.stringify(selector),
    );
  }
});

test('a bad operator gets a hint, and a matchLabels error points at its entry', () => {
  const [op] = withSelector({ matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] });
  assert.equal(op?.hint, 'operators are case-sensitive: In, NotIn, Exists or DoesNotExist');
  const [label] = withSelector({ matchLabels: { app: '-x' } });
  assert.equal(label?.sourcePath?.toString(), 'spec.ingress[0].from[0].podSelector.matchLabels[app]');
});

test('what the API server does not reject', () => {
  const accepted: Partial<NetworkPolicySpec>[] = [
    { ingress: [{ ports: [{ port: 80 }, { port: 80 }, { protocol: 'TCP', port: 80 }] }] },
    { ingress: [{ from: [{ podSelector: {} }, { podSelector: {} }] }] },
    { ingress: [], egress: [], policyTypes: [] },
    { ingress: [{}], egress: [{}] },
    { policyTypes: ['Ingress', 'Ingress'] },
    { policyTypes: ['Egress', 'Egress'] },
    { policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: {} }] }] },
    { ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] },
    { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }] }] },
    { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.1.0.0/16', '10.1.2.0/24'] } }] }] },
    { ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] },
    { egress: [{ to: [{ ipBlock: { cidr: '::/0', except: ['fd00::/8'] } }] }] },
    { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.5/32' } }] }] },
    { ingress: [{ ports: [{ port: 65535 }, { port: 1, endPort: 65535 }, { port: 'a' }, { port: 'http-alt-123456' }] }] },
    { ingress: [{ ports: [{ protocol: 'SCTP' }, { protocol: 'UDP', port: 53 }] }] },
    { podSelector: { matchExpressions: [{ key: 'example.com/Tier', operator: 'NotIn', values: [''] }] } },
  ];
  for (const spec of accepted) {
    assert.deepEqual(lines(validateNetworkPolicy(networkPolicy(spec), V1_36)), [], JSON.stringify(spec));
  }
});

const block = (cidr: string, except: string[] = []) => networkPolicy({ ingress: [{ from: [{ ipBlock: { cidr, except } }] }] });
const AT = 'spec.ingress[0].from[0].ipBlock';

test('legacy CIDR forms: errors in 1.36, warnings in 1.35', () => {
  const policy = block('10.0.0.1/16', ['010.0.1.0/24', '::ffff:10.0.2.0/120']);
  assert.deepEqual(lines(validateNetworkPolicy(policy, V1_36)), [
    `error Invalid ${AT}.cidr: Invalid value: "10.0.0.1/16": must not have bits set beyond the prefix length`,
    `error Invalid ${AT}.except[0]: Invalid value: "010.0.1.0/24": must not have leading 0s in IP or prefix length`,
    `error Invalid ${AT}.except[1]: Invalid value: "::ffff:10.0.2.0/120": must not have an IPv4-mapped IPv6 address`,
  ]);
  assert.deepEqual(lines(validateNetworkPolicy(policy, V1_35)), [
    `warning Invalid ${AT}.cidr: CIDR value "10.0.0.1/16" is ambiguous in this context (should be "10.0.0.0/16" or "10.0.0.1/32"?)`,
    `warning Invalid ${AT}.except[0]: non-standard CIDR value "010.0.1.0/24" will be considered invalid in a future Kubernetes release: use "10.0.1.0/24"`,
    `warning Invalid ${AT}.except[1]: non-standard CIDR value "::ffff:10.0.2.0/120" will be considered invalid in a future Kubernetes release: use "10.0.2.0/24"`,
  ]);
  assert.deepEqual(lines(validateNetworkPolicy(policy, { kubernetesVersion: { major: 1, minor: 33 } })), lines(validateNetworkPolicy(policy, V1_35)));
});

test('except must be a strict subset of cidr', () => {
  const subset = (cidr: string, except: string) => ({
    v136: lines(validateNetworkPolicy(block(cidr, [except]), V1_36)),
    v135: lines(validateNetworkPolicy(block(cidr, [except]), V1_35)),
  });
  const NOT_SUBSET = (v: string) => `error Invalid ${AT}.except[0]: Invalid value: "${v}": must be a strict subset of \`cidr\``;
  // equal prefix, wider prefix, outside, other family
  assert.deepEqual(subset('10.0.0.0/16', '10.0.0.0/16').v136, [NOT_SUBSET('10.0.0.0/16')]);
  assert.deepEqual(subset('10.0.0.0/16', '10.0.0.0/8').v136, [NOT_SUBSET('10.0.0.0/8')]);
  assert.deepEqual(subset('10.0.0.0/16', '10.1.0.0/24').v136, [NOT_SUBSET('10.1.0.0/24')]);
  assert.deepEqual(subset('10.0.0.0/16', 'fd00::/64').v136, [NOT_SUBSET('fd00::/64')]);
  assert.deepEqual(subset('fd00::/16', '10.0.0.0/24').v136, [NOT_SUBSET('10.0.0.0/24')]);
  // Containment uses the except's network: host bits alone do not make it outside.
  assert.deepEqual(subset('10.0.0.0/16', '10.0.1.5/24').v136, [
    `error Invalid ${AT}.except[0]: Invalid value: "10.0.1.5/24": must not have bits set beyond the prefix length`,
  ]);
  // An IPv4-mapped except lies inside an IPv4 cidr (net.IPNet.Contains), and /120 > /16.
  assert.deepEqual(subset('10.0.0.0/16', '::ffff:10.0.1.0/120').v135, [
    `warning Invalid ${AT}.except[0]: non-standard CIDR value "::ffff:10.0.1.0/120" will be considered invalid in a future Kubernetes release: use "10.0.1.0/24"`,
  ]);
  // An IPv4-mapped cidr compares prefix lengths in 128 bits: /112 is not shorter than /24.
  assert.deepEqual(subset('::ffff:10.0.0.0/112', '10.0.1.0/24').v135, [
    `warning Invalid ${AT}.cidr: non-standard CIDR value "::ffff:10.0.0.0/112" will be considered invalid in a future Kubernetes release: use "10.0.0.0/16"`,
    NOT_SUBSET('10.0.1.0/24'),
  ]);
  const [error] = validateNetworkPolicy(block('10.0.0.0/16', ['10.0.0.0/16']), V1_36);
  assert.equal(error?.hint, 'except entries must lie inside 10.0.0.0/16 and have a longer prefix than /16');
});

test('non-canonical IPv6 is accepted with a warning in every release', () => {
  for (const opts of [V1_35, V1_36]) {
    assert.deepEqual(lines(validateNetworkPolicy(block('FD00::/8', ['fd00:0:0::/16']), opts)), [
      `warning Invalid ${AT}.cidr: IPv6 CIDR value "FD00::/8" should be in RFC 5952 canonical format ("fd00::/8")`,
      `warning Invalid ${AT}.except[0]: IPv6 CIDR value "fd00:0:0::/16" should be in RFC 5952 canonical format ("fd00::/16")`,
    ]);
  }
});

test('a list as the bad value: Go syntax until 1.33, JSON from 1.34', () => {
  const policy = networkPolicy({ policyTypes: ['Ingress', 'Egress', 'Ingress'] });
  const message = (opts: typeof V1_33) => validateNetworkPolicy(policy, opts)[0]?.message;
  assert.equal(message(V1_33), 'Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes');
  assert.equal(message(V1_34), 'Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes');
});

test('metadata: name is a DNS subdomain, namespace a DNS label', () => {
  assert.deepEqual(kinds(validateNetworkPolicy(networkPolicy({}, { name: 'a.b-c', namespace: 'bar' }), V1_36)), []);
  assert.deepEqual(lines(validateNetworkPolicy(networkPolicy({}, { name: 'Foo', namespace: 'a.b' }), V1_36)), [
    "error Invalid metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    'error Invalid metadata.namespace: Invalid value: "a.b": must not contain dots',
  ]);
  assert.deepEqual(kinds(validateNetworkPolicy(networkPolicy({}, { namespace: 'bar' }), V1_36)), ['Required metadata.name']);
});
