/** check, matrix, explain and reach as users and tools call them. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-analysis-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SEED = ['-f', 'examples/seed'];

test('check: allowed exits 0 and names the policy, rule, peer and port', () => {
  const r = palisade(['check', ...SEED, 'default/frontend', 'default/db', '6379']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ALLOWED {2}default\/frontend → default\/db on 6379\/TCP$/m);
  assert.match(r.stdout, /default\/test-network-policy ingress\[0\] from\[2\] \(pods with role=frontend in namespace default\), ports\[0\] \(6379\/TCP\)/);
});

test('check: denied exits 1 and gives each rule\'s closest miss', () => {
  const r = palisade(['check', ...SEED, 'default/frontend', 'default/db', '5432/tcp']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^DENIED {2}default\/frontend → default\/db on 5432\/TCP$/m);
  assert.match(r.stdout, /- peer matches, but port 5432\/TCP is not in \[6379\/TCP\]/);
});

test('check: without a port, every port the destination serves', () => {
  const r = palisade(['check', ...SEED, 'default/backend', 'default/db', '-o', 'json']);
  const verdicts = JSON.parse(r.stdout) as { port: number; allowed: boolean }[];
  assert.deepEqual(verdicts.map((v) => [v.port, v.allowed]), [[6379, false]]);
  assert.equal(r.code, 1);
});

test('check: unknown endpoints and bad ports are usage errors, exit 2', () => {
  const unknown = palisade(['check', ...SEED, 'default/nope', 'default/db', '80']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /FROM "default\/nope": no pod or workload default\/nope in the input; namespace default has default\/db, default\/frontend, default\/backend$/m);
  assert.equal(palisade(['check', ...SEED, 'default/frontend', 'default/db', '99999']).code, 2);
  assert.equal(palisade(['check', ...SEED, 'default/frontend']).code, 2);
});

test('check: bare names are looked up in -n NAMESPACE, else in default, as kubectl does', () => {
  const withN = palisade(['check', ...SEED, '-n', 'default', 'frontend', 'db', '6379']);
  assert.equal(withN.code, 0, withN.stderr);
  assert.match(withN.stdout, /^ALLOWED {2}default\/frontend → default\/db on 6379\/TCP$/m);
  const withoutN = palisade(['check', ...SEED, 'frontend', 'db', '6379']);
  assert.equal(withoutN.stdout, withN.stdout);
  const workload = palisade(['check', ...SEED, '-n', 'myproject', 'web', 'default/db', '6379']);
  assert.match(workload.stdout, /^ALLOWED {2}myproject\/deployment\/web → default\/db/m, 'a NAME with no pod is the workload of that name');
  assert.match(palisade(['reach', ...SEED, 'db', '--ports', '6379']).stdout, /^Who can reach default\/db$/m);
});

test('check: an unknown endpoint says where it was looked for and what was likely meant', () => {
  const typo = palisade(['check', ...SEED, 'frontnd', 'db', '6379']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /FROM "frontnd": no pod or workload default\/frontnd in the input \(a bare NAME is looked up in namespace default, as kubectl does; .*\); did you mean default\/frontend\?$/m);
  const elsewhere = palisade(['check', ...SEED, '-n', 'other', 'metrics', 'db', '6379']);
  assert.equal(elsewhere.code, 2);
  assert.match(elsewhere.stderr, /TO "db": no pod or workload other\/db in the input \(a bare NAME is looked up in namespace other, from -n\); did you mean default\/db\?$/m);
  const kind = palisade(['reach', ...SEED, 'myproject/deploymnt/web']);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /ENDPOINT "myproject\/deploymnt\/web": no workload myproject\/deploymnt\/web in the input; did you mean myproject\/deployment\/web\?$/m);
  const sts = join(dir, 'sts.yaml');
  writeFileSync(
    sts,
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web, namespace: myproject}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n',
  );
  const two = palisade(['check', ...SEED, '-f', sts, '-n', 'myproject', 'web', 'default/db', '6379']);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /FROM "web" names several pods or workloads: myproject\/deployment\/web, myproject\/statefulset\/web; give one of these refs$/m);
});

test('check: a named PORT is resolved on the destination, as NetworkPolicy does', () => {
  const redis = palisade(['check', ...SEED, 'frontend', 'db', 'redis']);
  assert.equal(redis.code, 0, redis.stderr);
  assert.match(redis.stdout, /^ALLOWED {2}default\/frontend → default\/db on 6379\/TCP$/m);
  const json = JSON.parse(palisade(['check', ...SEED, 'db', 'myproject/deploy/web', 'http/TCP', '-o', 'json']).stdout) as { port: number; protocol: string };
  assert.deepEqual([json.port, json.protocol], [80, 'TCP']);
  const udp = palisade(['check', ...SEED, 'db', 'frontend', 'http/UDP']);
  assert.equal(udp.code, 2);
  assert.match(udp.stderr, /PORT "http\/UDP": default\/frontend defines no UDP port named http; it defines http \(80\/TCP\)$/m);
  const onSource = palisade(['check', ...SEED, 'db', 'frontend', 'redis']);
  assert.equal(onSource.code, 2, 'a name the source defines means nothing: the destination decides');
  assert.match(onSource.stderr, /default\/frontend defines no port named redis/);
  const outside = palisade(['check', ...SEED, 'db', '8.8.8.8', 'dns']);
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /PORT "dns": 8\.8\.8\.8 is an address outside the cluster, which defines no port names/);
});

test('check --flows: one JSON answer per flow, in order; bad flows get an error and keep the rest', () => {
  const flows = join(dir, 'flows.json');
  writeFileSync(
    flows,
    JSON.stringify([
      { from: 'default/frontend', to: 'default/db', port: 6379, protocol: 'TCP' },
      { from: 'default/nope', to: 'db', port: 6379, protocol: 'TCP' },
      { from: '172.17.1.5', to: 'db', port: 6379, protocol: 'TCP' },
    ]),
  );
  const brief = JSON.parse(palisade(['check', ...SEED, '--flows', flows, '-o', 'json']).stdout) as { ingress?: { denials: { rules: Record<string, unknown>[] }[] } }[];
  assert.deepEqual(brief[2]!.ingress!.denials[0]!.rules[0], { rule: 0, peerMatched: false, portMatched: true }, 'without --reasons: which part matched, no words');
  const r = palisade(['check', ...SEED, '--flows', flows, '-o', 'json', '--reasons']);
  assert.equal(r.code, 2);
  const out = JSON.parse(r.stdout) as Record<string, unknown>[];
  assert.equal(out.length, 3);
  assert.deepEqual(Object.keys(out[0]!), ['from', 'to', 'port', 'protocol', 'allowed', 'egress', 'ingress']);
  assert.equal(out[0]!['allowed'], true);
  assert.match(String(out[1]!['error']), /^flows\[1\]: "from": "default\/nope": no pod or workload default\/nope in the input; namespace default has /);
  assert.equal(out[2]!['allowed'], false);
  const ingress = out[2]!['ingress'] as { reason: string; denials: { rules: { reasons: string[] }[] }[] };
  assert.equal(ingress.reason, 'no-rule-matched');
  assert.match(ingress.denials[0]!.rules[0]!.reasons[0]!, /172\.17\.1\.5 is in except 172\.17\.1\.0\/24/);
});

test('check --flows -o json: each answer is the single check\'s, key for key, past the first thousand and where decisions are reused', () => {
  // a1 and a2 share an identity: their sides come from one reused decision, written once and told apart by endpoint.
  const cluster = join(dir, 'reuse.yaml');
  const pod = (name: string, app: string, ip: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: default, labels: {app: ${app}}}\nspec: {containers: [{name: c, image: i}]}\nstatus: {podIP: ${ip}}\n`;
  writeFileSync(
    cluster,
    [
      pod('a1', 'a', '10.0.0.1'),
      pod('a2', 'a', '10.0.0.2'),
      pod('b', 'b', '10.0.0.3'),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: b}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: a}}}]\n    ports: [{port: 80}]\n',
    ].join('---\n'),
  );
  const distinct = [
    ['default/a1', 'default/b', 80],
    ['default/a2', 'default/b', 80],
    ['default/a1', 'default/b', 81],
    ['10.9.9.9', 'default/b', 80],
    ['default/b', 'default/a2', 80],
  ] as const;
  const flows = join(dir, 'reuse-flows.json');
  writeFileSync(flows, JSON.stringify(Array.from({ length: 1200 }, (_, i) => distinct[i % distinct.length]!).map(([from, to, port]) => ({ from, to, port }))));
  const single = distinct.map(([from, to, port]) => palisade(['check', '-f', cluster, from, to, String(port), '-o', 'json']).stdout);
  // Without --reasons, the same answers but for the worded reasons.
  const unworded = (text: string) => JSON.stringify(JSON.parse(text, (key, value: unknown) => (key === 'reasons' ? undefined : value)));
  for (const [args, expected] of [[[], single.map(unworded)], [['--reasons'], single.map((text) => JSON.stringify(JSON.parse(text)))]] as const) {
    const batch = JSON.parse(palisade(['check', '-f', cluster, '--flows', flows, '-o', 'json', ...args]).stdout) as unknown[];
    assert.equal(batch.length, 1200);
    batch.forEach((answer, i) => assert.equal(JSON.stringify(answer), expected[i % distinct.length], `flow ${i} ${args.join(' ')}`));
  }
});

test('check -o jsonl: one compact answer per line, for flows and for one check; the same answers as -o json', () => {
  const flows = join(dir, 'flows-jsonl.json');
  const list = [
    { from: 'default/frontend', to: 'default/db', port: 6379, protocol: 'TCP', expect: 'allowed' },
    { from: 'default/nope', to: 'db', port: 6379, protocol: 'TCP' },
    { from: '172.17.1.5', to: 'db', port: 6379, protocol: 'TCP', note: 'excepted' },
    { from: 'default/backend', to: 'default/db', port: 6379, protocol: 'TCP' },
  ];
  writeFileSync(flows, JSON.stringify(list));
  const r = palisade(['check', ...SEED, '--flows', flows, '-o', 'jsonl']);
  assert.equal(r.code, 2, 'one flow could not be checked');
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines[0], { from: 'default/frontend', to: 'default/db', port: 6379, protocol: 'TCP', allowed: true, expect: 'allowed', asExpected: true });
  assert.match(String(lines[1]!['error']), /^flows\[1\]: "from"/);
  assert.deepEqual(lines[2], { note: 'excepted', from: '172.17.1.5', to: 'db', port: 6379, protocol: 'TCP', allowed: false });
  const full = JSON.parse(palisade(['check', ...SEED, '--flows', flows, '-o', 'json']).stdout) as Record<string, unknown>[];
  assert.deepEqual(lines.map((l) => l['allowed']), full.map((f) => f['allowed']));
  const one = palisade(['check', ...SEED, 'default/backend', 'default/db', '-o', 'jsonl']);
  assert.equal(one.code, 1);
  assert.equal(one.stdout, '{"from":"default/backend","to":"default/db","port":6379,"protocol":"TCP","allowed":false}\n');
});

test('check --flows with expectations: the seed tour passes, a wrong expectation exits 1', () => {
  const tour = palisade(['check', ...SEED, '--flows', 'examples/seed-tour.json']);
  assert.equal(tour.code, 0, tour.stdout);
  assert.equal((tour.stdout.match(/\(as expected\)/g) ?? []).length, 7);
  const wrong = palisade(['check', ...SEED, '--flows', '-'], JSON.stringify([{ from: 'default/backend', to: 'default/db', port: 6379, expect: 'allowed' }]));
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /\(expected ALLOWED\)/);
});

test('matrix: a pod-by-pod truth table per port, in every format', () => {
  const table = palisade(['matrix', ...SEED, '--ports', '6379/TCP']);
  assert.equal(table.code, 0, table.stderr);
  const rows = table.stdout.split('\n').filter((l) => /^\d /.test(l));
  assert.equal(rows.length, 5);
  assert.match(rows[0]!, /^1 default\/db\s+✓\s+✗\s+✗\s+✗\s+✗$/, 'db may reach nothing but itself on 6379 (egress isolated)');
  const json = JSON.parse(palisade(['matrix', ...SEED, '--ports', '6379,5978', '-o', 'json']).stdout) as {
    ports: string[];
    rows: { name: string }[];
    allowed: Record<string, string[]>;
  };
  assert.deepEqual(json.ports, ['6379/TCP', '5978/TCP']);
  const names = json.rows.map((r) => r.name);
  const cell = (port: string, from: string, to: string) => json.allowed[port]![names.indexOf(from)]![names.indexOf(to)];
  assert.equal(cell('6379/TCP', 'default/frontend', 'default/db'), '1');
  assert.equal(cell('6379/TCP', 'default/backend', 'default/db'), '0');
  assert.equal(cell('5978/TCP', 'default/db', 'other/metrics'), '1');
  const csv = palisade(['matrix', ...SEED, '--ports', '6379', '-o', 'csv']).stdout.trim().split('\n');
  assert.equal(csv[0], 'from,to,port,allowed');
  assert.ok(csv.includes('default/backend,default/db,6379/TCP,false'));
  assert.match(palisade(['matrix', ...SEED, '--ports', '6379', '-o', 'markdown']).stdout, /^\| default\/db \| ✅ \| ❌/m);
});

test('matrix: grouped by identity, pods no policy tells apart share a row', () => {
  const pods = Array.from(
    { length: 3 },
    (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${i}, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.9.0.${i + 1}}\n`,
  ).join('---\n');
  const r = palisade(['matrix', '-f', '-', '--ports', '80', '--group-by', 'identity', '-o', 'json'], pods);
  const out = JSON.parse(r.stdout) as { rows: { name: string; members: string[] }[] };
  assert.deepEqual(out.rows, [{ name: 'shop/{app=web} (3)', members: ['shop/web-0', 'shop/web-1', 'shop/web-2'] }]);
});

test('matrix -o list: the allowed connections one per line, every port merged, the outside as address ranges', () => {
  const r = palisade(['matrix', ...SEED, '-o', 'list']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.includes('default/frontend => default/db : TCP 6379'));
  assert.ok(lines.includes('default/db => other/metrics : TCP 5978'));
  assert.ok(lines.includes('default/frontend => default/backend : All Connections'));
  assert.ok(lines.includes('172.17.0.0/24 => default/db : TCP 6379'), 'the ipBlock minus its except, as ranges');
  assert.ok(lines.includes('172.17.2.0-172.17.255.255 => default/db : TCP 6379'));
  assert.ok(lines.includes('default/db => 10.0.0.0/24 : TCP 5978'));
  assert.ok(lines.includes('0.0.0.0/0 => default/frontend : All Connections'));
  assert.ok(!lines.some((l) => l.startsWith('default/backend => default/db')), 'denied pairs are not listed');
  assert.ok(!lines.some((l) => /^172\.17\.1\./.test(l)), 'the except is not listed');

  const focus = palisade(['matrix', ...SEED, '-o', 'list', '--focus', 'default/db']).stdout.trimEnd().split('\n');
  const ends = (l: string) => [l.split(' => ')[0], l.split(' => ')[1]!.split(' : ')[0]];
  assert.deepEqual(focus, lines.filter((l) => ends(l).includes('default/db')));

  const json = JSON.parse(palisade(['matrix', ...SEED, '-o', 'list-json', '--focus', 'default/db']).stdout) as Record<string, unknown>[];
  assert.deepEqual(json.find((c) => c['from'] === 'default/frontend'), {
    from: 'default/frontend',
    to: 'default/db',
    fromKind: 'pod',
    toKind: 'pod',
    connections: 'TCP 6379',
    ports: { TCP: [[6379, 6379]] },
  });
  const csv = palisade(['matrix', ...SEED, '-o', 'list-csv', '--focus', 'default/db']).stdout.trimEnd().split('\n');
  assert.equal(csv[0], 'from,to,connections');
  assert.ok(csv.includes('default/frontend,default/db,TCP 6379'));
  assert.match(palisade(['matrix', ...SEED, '-o', 'list-markdown', '--focus', 'default/db']).stdout, /^\| from \| to \| connections \|\n\|---\|---\|---\|\n/);
});

test('matrix -o list: merges ranges of ports and protocols; --focus and --ports misuse are usage errors', () => {
  const cluster = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c}]}
status: {podIP: 10.1.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, ports: [{name: web, containerPort: 8443}]}]}
status: {podIP: 10.1.0.2}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b, namespace: x}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: 1, endPort: 79}, {port: 81, endPort: 65535}, {port: 53, protocol: UDP}, {port: web}]
`;
  const r = palisade(['matrix', '-f', '-', '-o', 'list', '--focus', 'x/b'], cluster);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^x\/a => x\/b : TCP 1-79,81-65535,UDP 53$/m);
  assert.match(r.stdout, /^x\/b => x\/a : All Connections$/m);
  assert.equal(palisade(['matrix', '-f', '-', '-o', 'list', '-n', 'x', '--focus', 'b'], cluster).stdout, r.stdout, 'a bare name in -n');
  const unknown = palisade(['matrix', '-f', '-', '-o', 'list', '--focus', 'x/bb'], cluster);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--focus "x\/bb": no pod or workload x\/bb in the input; did you mean x\/b\?$/m);
  assert.equal(palisade(['matrix', '-f', '-', '--focus', 'x/b'], cluster).code, 2, '--focus needs a list');
  assert.equal(palisade(['matrix', '-f', '-', '-o', 'list', '--ports', '80'], cluster).code, 2, 'a list has every port');
});

test('matrix: a table wider than a terminal suggests -o list on stderr', () => {
  const pods = (n: number) =>
    Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: w, labels: {app: p${i}}}\nspec: {containers: [{name: c}]}\n`).join('---\n');
  const wide = palisade(['matrix', '-f', '-', '--ports', '80', '--group-by', 'pod'], pods(45));
  assert.equal(wide.code, 0);
  assert.match(wide.stderr, /note: this matrix has 45 columns .*`-o list` prints the allowed connections one per line.*`--group-by identity`/);
  const identities = palisade(['matrix', '-f', '-', '--ports', '80'], pods(45));
  assert.match(identities.stderr, /note: this matrix has 45 columns/);
  assert.doesNotMatch(identities.stderr, /--group-by identity/, 'already grouped: 45 identities');
  assert.equal(palisade(['matrix', '-f', '-', '--ports', '80'], pods(5)).stderr, '');
  assert.equal(palisade(['matrix', '-f', '-', '--ports', '80', '-o', 'json', '--group-by', 'pod'], pods(45)).stderr, '', 'only tables for people');
});

test('explain: policies selecting the same pods read as one target, in plain language', () => {
  const r = palisade(['explain', ...SEED]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^default\/db\n {2}selected by default\/test-network-policy\n {2}ingress: isolated; may be reached from:/m);
  assert.match(r.stdout, /- pods with role=frontend in namespace default, on 6379\/TCP: default\/frontend/);
  assert.match(r.stdout, /egress: isolated; may reach:\n {4}- addresses in 10\.0\.0\.0\/24, on 5978\/TCP: other\/metrics/);
  const json = JSON.parse(palisade(['explain', ...SEED, '-o', 'json']).stdout) as { targets: { endpoints: string[] }[]; unselected: string[] };
  assert.deepEqual(json.targets.map((t) => t.endpoints), [['default/db']]);
  assert.equal(json.unselected.length, 4);
});

test('explain without a cluster: each policy from its selectors, with the OR mistake named', () => {
  const r = palisade(['explain', '-f', 'examples/seed/network-policy.yaml']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^default\/test-network-policy\n {2}selects pods with role=db in namespace default\n {2}ingress: isolated; the selected pods may be reached from:\n/m);
  assert.match(r.stdout, /- addresses in 172\.17\.0\.0\/16 except 172\.17\.1\.0\/24, on 6379\/TCP {2}\[rule 0\]/);
  assert.match(r.stdout, /egress: isolated; they may reach:\n {4}- addresses in 10\.0\.0\.0\/24, on 5978\/TCP/);
  assert.match(r.stdout, /note: ingress\[0\]: from\[1\] \(namespaceSelector\) and from\[2\] \(podSelector\) are two peers, an OR: .*pods with role=frontend in namespaces with project=myproject only/);
  const json = JSON.parse(palisade(['explain', '-f', 'examples/seed/network-policy.yaml', '-o', 'json']).stdout) as {
    targets: unknown[];
    policiesSelectingNothing: { policy: string; selects: string; ingress: { isolated: boolean; allows: { rule: number; peers: string[]; ports: string }[] }; notes: string[] }[];
  };
  assert.deepEqual(json.targets, []);
  const [d] = json.policiesSelectingNothing;
  assert.equal(d!.policy, 'default/test-network-policy');
  assert.equal(d!.selects, 'pods with role=db in namespace default');
  assert.deepEqual(d!.ingress.allows[0]!.peers, ['addresses in 172.17.0.0/16 except 172.17.1.0/24', 'all pods in namespaces with project=myproject', 'pods with role=frontend in namespace default']);
  assert.equal(d!.ingress.allows[0]!.ports, 'on 6379/TCP');
  assert.equal(d!.notes.length, 1);
});

test('explain without a cluster: named ports, endPort ranges, no rules, and rules policyTypes leaves out', () => {
  const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: web}}
      podSelector: {matchLabels: {app: front}}
    ports:
    - {port: http}
    - {port: 8000, endPort: 8100, protocol: UDP}
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
`;
  const r = palisade(['explain', '-f', '-'], policies);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^shop\/api\n {2}selects pods with app=api in namespace shop\n/m);
  assert.match(r.stdout, /- pods with app=front in namespaces with team=web, on named port http\/TCP, 8000-8100\/UDP {2}\[rule 0\]\n {2}egress: not isolated by this policy\n/);
  assert.match(r.stdout, /note: spec\.policyTypes \[Ingress\] leaves out Egress: the egress rule is ignored, and this policy does not isolate egress/);
  assert.match(r.stdout, /^shop\/deny-egress\n {2}selects all pods in namespace shop\n {2}ingress: not isolated by this policy\n {2}egress: isolated, nothing allowed/m);
  assert.doesNotMatch(r.stdout, /two peers, an OR/, 'one peer with both selectors is an AND');
});

test('explain with a cluster: policies that select no pod are explained from their selectors too', () => {
  const stray = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: typo, namespace: default}
spec:
  podSelector: {matchLabels: {role: dbb}}
  ingress: [{}]
`;
  const r = palisade(['explain', ...SEED, '-f', '-'], stray);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^default\/db\n {2}selected by default\/test-network-policy\n/m, 'the pod-grouped explanation stays');
  assert.match(r.stdout, /Policies that select no pod or workload in the input, from their selectors:\n\ndefault\/typo\n {2}selects pods with role=dbb in namespace default\n {2}ingress: isolated; the selected pods may be reached from:\n {4}- anywhere, on any port/);
  const json = JSON.parse(palisade(['explain', ...SEED, '-f', '-', '-o', 'json'], stray).stdout) as { policiesSelectingNothing: { policy: string }[] };
  assert.deepEqual(json.policiesSelectingNothing.map((p) => p.policy), ['default/typo']);
  assert.doesNotMatch(palisade(['explain', ...SEED, '-f', '-', '-n', 'other'], stray).stdout, /default\/typo/, '-n keeps that namespace\'s policies');
});

test('reach: who can reach a pod and what it can reach, with address ranges minus excepts', () => {
  const r = palisade(['reach', ...SEED, 'default/db', '--ports', '6379,5978', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { reachedFrom: { port: string; endpoints: string[]; addresses: string[] }[]; reaches: { port: string; endpoints: string[]; addresses: string[] }[] };
  const in6379 = out.reachedFrom.find((x) => x.port === '6379/TCP')!;
  assert.deepEqual(in6379.endpoints, ['default/frontend', 'myproject/deployment/web']);
  assert.equal(in6379.addresses[0], '172.17.0.0/24');
  assert.ok(!in6379.addresses.some((a) => a.startsWith('172.17.1.')), 'the except is taken out');
  assert.equal(in6379.addresses.length, 8);
  const out5978 = out.reaches.find((x) => x.port === '5978/TCP')!;
  assert.deepEqual([out5978.endpoints, out5978.addresses], [['other/metrics'], ['10.0.0.0/24']]);
});

test('invalid objects are left out, loudly, before the answer', () => {
  const bad = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingres]
`;
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, bad);
  const r = palisade(['check', ...SEED, '-f', file, 'default/frontend', 'default/backend', '8080']);
  assert.equal(r.code, 0, 'the broken deny-all policy is not applied');
  assert.match(r.stderr, /1 error\(s\) in the input; the objects they concern are left out/);
  assert.match(r.stderr, /broken\.yaml:\n {4}6:\d+: NetworkPolicy default\/broken: spec\.policyTypes\[0\]: Unsupported value: "Ingres"/);
  assert.match(r.stderr, /\(palisade validate shows them in full\)/);
});

test('many invalid objects: the first ten, grouped by file, and how many more', () => {
  const policy = (i: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken-${i}, namespace: default}\nspec: {podSelector: {}, policyTypes: [Ingres]}\n`;
  writeFileSync(join(dir, 'first.yaml'), [1, 2, 3].map(policy).join('---\n'));
  writeFileSync(join(dir, 'second.yaml'), [4, 5, 6, 7, 8, 9, 10, 11, 12].map(policy).join('---\n'));
  const r = palisade(['check', ...SEED, '-f', join(dir, 'first.yaml'), '-f', join(dir, 'second.yaml'), 'default/frontend', 'default/backend', '8080']);
  assert.match(r.stderr, /12 error\(s\) in the input/);
  assert.equal(r.stderr.match(/NetworkPolicy default\/broken-\d+/g)?.length, 10);
  assert.match(r.stderr, /first\.yaml:\n( {4}\d+:\d+: .*\n){3} {2}\S*second\.yaml:\n( {4}\d+:\d+: .*\n){7} {2}and 2 more: palisade validate shows them all\n/);
});

test('reach: an endPort range is one line per run of ports decided alike, never its first port alone', () => {
  const file = join(dir, 'range.yaml');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: default, labels: {app: app}}
spec: {containers: [{name: c, ports: [{containerPort: 32100}]}]}
status: {podIP: 10.0.0.1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: nodeports, namespace: default}
spec:
  podSelector: {matchLabels: {app: app}}
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.42.0.0/16]}}]
    ports: [{port: 32000, endPort: 32768}]
`,
  );
  const r = palisade(['reach', '-f', file, 'default/app']);
  assert.equal(r.code, 0, r.stderr);
  const ports = [...r.stdout.matchAll(/^ {2}(\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(ports.slice(0, 3), ['32000-32099/TCP', '32100/TCP', '32101-32768/TCP']);
  assert.match(r.stdout, /addresses: {2}0\.0\.0\.0\/0 except 10\.42\.0\.0\/16\n/);
});

test('pods of a workload are named by it: check and get say whose they are', () => {
  const pod = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, uid: u2, controller: true}]}\nspec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\nstatus: {podIP: 10.0.0.${name.endsWith('a') ? 1 : 2}}\n---\n`;
  const rs = 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web-5d8f, namespace: shop, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}}\n---\n';
  const deployment = rs.replace('kind: ReplicaSet', 'kind: Deployment').replace('name: web-5d8f, namespace: shop, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}]', 'name: web, namespace: shop');
  const input = pod('web-a') + pod('web-b') + rs + deployment;
  const check = palisade(['check', '-f', '-', 'shop/web-a', 'shop/web-b', '80'], input);
  assert.match(check.stdout, /^ALLOWED {2}shop\/web-a \(of deployment\/web\) → shop\/web-b \(of deployment\/web\) on 80\/TCP$/m);
  const get = palisade(['get', '-f', '-'], input);
  assert.match(get.stdout, /web-a .* of: ReplicaSet\/web-5d8f/);
  assert.match(get.stdout, /web-5d8f .* of: Deployment\/web/);
  const matrix = palisade(['matrix', '-f', '-', '-o', 'json'], input);
  assert.deepEqual((JSON.parse(matrix.stdout) as { rows: { name: string }[] }).rows.map((r) => r.name), ['shop/web-a', 'shop/web-b'], 'the workloads are their pods');
});

test('compile --node for a node no pod names warns, with the nodes the input names', () => {
  const r = palisade(['compile', ...SEED, '--node', 'node-x']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /no pod in the input runs on node node-x \(spec\.nodeName\): this ruleset enforces nothing; did you mean node-a or node-b\? the input's pods run on node-a, node-b/);
  assert.doesNotMatch(palisade(['compile', ...SEED, '--node', 'node-a']).stderr, /no pod in the input runs on/);
});

test('check --flows: a port given by name is resolved on "to", answered with its number; an unknown name is that flow\'s error', () => {
  const flows = join(dir, 'named-flows.json');
  writeFileSync(
    flows,
    JSON.stringify([
      { from: 'default/frontend', to: 'default/db', port: 'redis' },
      { from: 'default/frontend', to: 'default/db', port: 'http' },
      { from: 'default/frontend', to: 'default/db', port: 'redis', protocol: 'UDP' },
    ]),
  );
  const r = palisade(['check', ...SEED, '--flows', flows, '-o', 'jsonl']);
  assert.equal(r.code, 2);
  const [ok, unknown, udp] = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(ok, { from: 'default/frontend', to: 'default/db', port: 6379, portName: 'redis', protocol: 'TCP', allowed: true });
  assert.match(String(unknown!['error']), /^flows\[1\]: "port": PORT "http": default\/db defines no port named http; it defines redis \(6379\/TCP\)/);
  assert.match(String(udp!['error']), /defines no UDP port named redis/);
});

test('explain with ClusterNetworkPolicies: each side in the order it applies, admin rules, NetworkPolicies, baseline rules', () => {
  const r = palisade(['explain', '-f', 'examples/cluster-network-policy']);
  assert.equal(r.code, 0, r.stderr);
  const db = r.stdout.split('\n\n').find((block) => block.startsWith('shop/db'))!;
  assert.deepEqual(db.split('\n').slice(2, 8), [
    '  ingress, in the order it applies:',
    '    Admin tier, the first rule that matches decides (Pass hands over to the NetworkPolicies):',
    '      - Accept all pods in namespaces with role=monitoring, on named port metrics: monitoring/prometheus  [cluster-guardrails priority 10 rule 0 "monitoring-scrapes-metrics"]',
    '    NetworkPolicies: isolated; may be reached from:',
    '      - pods with app=web in namespace shop, on 5432/TCP: shop/web  [shop/db-from-web rule 0]',
    '    Baseline tier: not asked, NetworkPolicies isolate them',
  ]);
  const json = JSON.parse(palisade(['explain', '-f', 'examples/cluster-network-policy', '-o', 'json']).stdout) as { targets: { endpoints: string[]; ingress: { baseline: { action: string; name: string }[] } }[] };
  const web = json.targets.find((t) => t.endpoints.includes('shop/web'))!;
  assert.deepEqual(web.ingress.baseline.map((b) => [b.action, b.name]), [['Pass', 'shop-internal'], ['Deny', 'other-namespaces']]);
});

test('explain: a ClusterNetworkPolicy that selects no pod, from its selectors, rules in order with their actions', () => {
  const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: lonely}
spec:
  tier: Admin
  priority: 3
  subject: {namespaces: {matchLabels: {team: nobody}}}
  egress:
  - {name: no-dns, action: Deny, to: [{networks: [10.96.0.10/32]}], protocols: [{udp: {destinationPort: {number: 53}}}]}
`;
  const r = palisade(['explain', ...SEED, '-f', '-'], cnp);
  assert.match(
    r.stdout,
    /ClusterNetworkPolicy lonely\n {2}Admin tier, priority 3; selects all pods in namespaces with team=nobody\n {2}ingress: no rules\n {2}egress, the first rule that matches decides:\n {4}- Deny to addresses in 10\.96\.0\.10\/32, on 53\/UDP {2}\[rule 0 "no-dns"\]/,
  );
});

test('analysis commands warn about peers whose matches the input cannot tell: domain names, and node peers without Node objects', () => {
  const alone = palisade(['matrix', '-f', 'examples/cluster-network-policy-experimental/policies.yaml', '--crd-channel', 'experimental']);
  assert.match(alone.stderr, /warning: ClusterNetworkPolicy rules with domainNames peers \(egress-allowlist egress\[1\]\): Palisade cannot resolve names offline/);
  assert.match(alone.stderr, /warning: ClusterNetworkPolicy rules with nodes peers \(egress-allowlist egress\[0\]\), but the input has no Node objects/);
  const withNodes = palisade(['matrix', '-f', 'examples/cluster-network-policy-experimental', '--crd-channel', 'experimental']);
  assert.doesNotMatch(withNodes.stderr, /nodes peers/, 'the Nodes are in the input');
  assert.doesNotMatch(palisade(['matrix', '-f', 'examples/cluster-network-policy']).stderr, /warning/);
});
