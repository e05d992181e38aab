/** palisade diff: known changes between versions, checked pair by pair, through paths and git revisions. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clusterOf } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { addressInRange, parseAddress, parseRange, rangeContains } from '../engine/ip.js';
import { portQueryText } from '../engine/ports.js';
import type { PortQuery } from '../engine/types.js';
import { loadText } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { connectivityDiff } from './diff.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'palisade-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: web-1, namespace: shop, labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}, status: {podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: web-2, namespace: shop, labels: {app: web}}, spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}, status: {podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: db, namespace: shop, labels: {app: db}}, spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}, status: {podIP: 10.0.0.3}}
- {apiVersion: v1, kind: Pod, metadata: {name: monitor, namespace: ops, labels: {app: monitor}}, spec: {containers: [{name: c}]}, status: {podIP: 10.0.1.1}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
  - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
    ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: http}]}]
`;

function engine(text: string): Engine {
  const m = loadText(text);
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  assert.ok(report.valid, JSON.stringify(report.diagnostics));
  return Engine.compile(clusterOf(m, report));
}

const PORTS: PortQuery[] = [
  { protocol: 'TCP', port: 5432 },
  { protocol: 'TCP', port: 8080 },
];

/** Every pair whose verdict differs must be in exactly one reported change, and every change must stand for such pairs. */
function assertExact(baseText: string, headText: string) {
  const base = engine(baseText);
  const head = engine(headText);
  const diff = connectivityDiff(base, head, PORTS);
  const reported = new Set<string>();
  for (const c of diff.changes) for (const f of c.from.members) for (const t of c.to.members) reported.add(`${f}|${t}|${c.port}|${c.change}`);
  const actual = new Set<string>();
  for (const from of head.endpoints()) {
    for (const to of head.endpoints()) {
      const a = base.resolve(from.ref);
      const b = base.resolve(to.ref);
      if (!a || !b) continue;
      for (const q of PORTS) {
        const before = base.allowed(a, b, q);
        const now = head.allowed(from, to, q);
        if (before !== now) actual.add(`${from.ref}|${to.ref}|${portQueryText(q)}|${now ? 'gained' : 'lost'}`);
      }
    }
  }
  // Addresses outside: every address of a reported class changes; every probe address that changes is in a reported class.
  const outside = [...new Set(diff.changes.flatMap((c) => [c.from, c.to]).filter((g) => g.namespace === '').flatMap((g) => g.members))];
  const probes = new Set(['0.0.0.0', '8.8.8.8', '10.0.0.200', '10.200.0.1', '255.255.255.255', '::', '2001:db8::1']);
  for (const cidr of outside) for (const offset of [0, 1, 77]) { const a = addressInRange(parseRange(cidr)!, offset); if (a) probes.add(a.text); }
  for (const ip of probes) {
    const x = base.resolve(ip)!;
    if (x.kind !== 'external') continue;
    const inClass = (cidrs: string[]) => cidrs.some((c) => rangeContains(parseRange(c)!, parseAddress(ip)!));
    for (const ep of head.endpoints()) {
      const old = base.resolve(ep.ref);
      if (!old) continue;
      for (const q of PORTS) {
        for (const [from, to, was, to2] of [[x, ep, x, old], [ep, x, old, x]] as const) {
          const before = base.allowed(was, to2, q);
          const now = head.allowed(from, to, q);
          if (before === now) continue;
          const covered = diff.changes.some((c) => {
            const [outsideSide, podSide] = from === x ? [c.from, c.to] : [c.to, c.from];
            return c.port === portQueryText(q) && c.change === (now ? 'gained' : 'lost') && outsideSide.namespace === '' && inClass(outsideSide.members) && podSide.members.includes(ep.ref);
          });
          assert.ok(covered, `a change not reported: ${from.ref} -> ${to.ref} ${portQueryText(q)} ${now ? 'gained' : 'lost'}`);
          actual.add(`${from === x ? 'outside' : ep.ref}|${from === x ? ep.ref : 'outside'}|${portQueryText(q)}|${now ? 'gained' : 'lost'}|${ip}`);
        }
      }
    }
  }
  for (const c of diff.changes) {
    if (c.from.namespace !== '' && c.to.namespace !== '') continue;
    const [outsideSide, podSide] = c.from.namespace === '' ? [c.from, c.to] : [c.to, c.from];
    for (const cidr of outsideSide.members) {
      const hit = [...actual].some((r) => {
        const [f, t, port, change, ip] = r.split('|');
        const pod = f === 'outside' ? t : f;
        return ip !== undefined && port === c.port && change === c.change && podSide.members.includes(pod!) && (f === 'outside') === (c.from.namespace === '') && rangeContains(parseRange(cidr)!, parseAddress(ip)!);
      });
      assert.ok(hit, `reported but no probe address of ${cidr} changes: ${c.from.label} -> ${c.to.label} ${c.port} ${c.change}`);
    }
  }
  // A pod to itself never changes; reported groups may list it beside its peers.
  for (const r of reported) {
    const [f, t] = r.split('|');
    if (f !== t && !outside.includes(f!) && !outside.includes(t!)) assert.ok(actual.has(r), `reported but not a change: ${r}`);
  }
  for (const r of actual) if (r.split('|').length === 4) assert.ok(reported.has(r), `a change not reported: ${r}`);
  return diff;
}

test('a pod label added: the pod gains what the label opens', () => {
  const diff = assertExact(BASE, BASE.replace('name: monitor, namespace: ops, labels: {app: monitor}', 'name: monitor, namespace: ops, labels: {app: web}'));
  assert.equal(diff.gained, 0, 'ops was already allowed to db as a namespace');
  const relabelled = assertExact(BASE, BASE.replace('{name: db, namespace: shop, labels: {app: db}}', '{name: db, namespace: shop, labels: {app: db, tier: x}}'));
  assert.equal(relabelled.changes.length, 0, 'a label no selector looks at changes nothing');
});

test('a port removed from a rule: connections lost, with the policy responsible on each side', () => {
  const diff = assertExact(BASE, BASE.replace('  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 5432}]', '  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 6543}]'));
  assert.equal(diff.gained, 0);
  assert.equal(diff.lost, 1);
  const [c] = diff.changes;
  assert.equal(c!.from.label, 'shop/{app=web} (2)', 'pods alike on both sides are one group');
  assert.deepEqual(c!.from.members, ['shop/web-1', 'shop/web-2']);
  assert.equal(c!.to.label, 'shop/db');
  assert.deepEqual(c!.allowed, [{ policy: 'shop/db', direction: 'ingress', rule: 0, peer: 0, port: 0 }]);
  assert.deepEqual(c!.denied, [{ direction: 'ingress', endpoint: 'shop/db', policies: ['shop/db'] }]);
});

test('a policy of both directions changed in its ingress rules only: what its egress allows stays, what its ingress allows changes', () => {
  const both = (port: number) =>
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-both, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}], ports: [{port: ${port}}]}]\n`;
  const diff = assertExact(BASE + both(5432), BASE + both(6543));
  assert.deepEqual(
    diff.changes.map((c) => [c.change, c.from.label, c.to.label, c.port]),
    [['lost', 'ops/monitor', 'shop/{app=web} (2)', '5432/TCP']],
  );
});

test('a namespace relabelled: its pods lose what the label gave them', () => {
  const diff = assertExact(BASE, BASE.replace('metadata: {name: ops, labels: {team: ops}}', 'metadata: {name: ops, labels: {team: other}}'));
  assert.deepEqual(
    diff.changes.map((c) => [c.change, c.from.label, c.to.label, c.port]),
    [['lost', 'ops/monitor', 'shop/db', '5432/TCP']],
  );
});

test('a policy deleted: everything it isolated opens up', () => {
  const without = BASE.slice(0, BASE.lastIndexOf('---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web'));
  const diff = assertExact(BASE, without);
  assert.ok(diff.gained > 0);
  assert.equal(diff.lost, 0);
  assert.ok(diff.changes.every((c) => c.to.label === 'shop/{app=web} (2)' && c.port === '5432/TCP'));
});

const NO_POLICIES = BASE.slice(0, BASE.indexOf('---\napiVersion: networking.k8s.io/v1'));

test('the world outside: a policy that admits only pods loses every address outside, per family', () => {
  const diff = assertExact(NO_POLICIES, `${NO_POLICIES}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n`);
  assert.deepEqual(
    diff.changes.map((c) => [c.change, c.from.label, c.to.label, c.port]),
    [
      ['lost', '::/0', 'shop/db', '5432/TCP'],
      ['lost', '::/0', 'shop/db', '8080/TCP'],
      ['lost', '0.0.0.0/0', 'shop/db', '5432/TCP'],
      ['lost', '0.0.0.0/0', 'shop/db', '8080/TCP'],
    ],
  );
  assert.deepEqual(diff.changes[0]!.denied, [{ direction: 'ingress', endpoint: 'shop/db', policies: ['shop/db'] }]);
});

test('the world outside: an ipBlock with an except cuts the addresses into the classes it tells apart', () => {
  const egress = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/24]}}], ports: [{port: 5432}]}]\n`;
  const diff = assertExact(NO_POLICIES, NO_POLICIES + egress);
  const lost = diff.changes.filter((c) => c.from.label === 'shop/db' && c.to.namespace === '').map((c) => `${c.to.label} ${c.port}`);
  assert.deepEqual(lost.sort(), [
    '0.0.0.0/0 except 10.0.0.0/8 5432/TCP',
    '0.0.0.0/0 except 10.0.0.0/8 8080/TCP',
    '10.0.0.0/24 5432/TCP',
    '10.0.0.0/24 8080/TCP',
    '10.0.0.0/8 except 10.0.0.0/24 8080/TCP',
    '::/0 5432/TCP',
    '::/0 8080/TCP',
  ]);
});

test('a pod relabelled into a ClusterNetworkPolicy\'s subject gains what the admin tier accepts, though its NetworkPolicies stay the same', () => {
  const accept = `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: monitors-out}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {pods: {podSelector: {matchLabels: {role: monitor}}}}\n  egress: [{action: Accept, to: [{networks: [0.0.0.0/0]}]}]\n`;
  const isolated = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: no-egress, namespace: ops}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`;
  const base = `${BASE}${isolated}${accept}`;
  const diff = assertExact(base, base.replace('name: monitor, namespace: ops, labels: {app: monitor}', 'name: monitor, namespace: ops, labels: {app: monitor, role: monitor}'));
  assert.ok(diff.gained > 0, 'monitor gains egress to every IPv4 address, pods included');
  assert.ok(diff.changes.some((c) => c.change === 'gained' && c.from.label === 'ops/monitor' && c.to.label === '0.0.0.0/0'), JSON.stringify(diff.changes.map((c) => [c.change, c.from.label, c.to.label])));
});

test('a workload of several replicas to itself is replica to replica, and can change', () => {
  const deployment = `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache, namespace: ops}\nspec:\n  replicas: 3\n  template:\n    metadata: {labels: {app: cache}}\n    spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}\n`;
  const isolate = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cache, namespace: ops}\nspec: {podSelector: {matchLabels: {app: cache}}, policyTypes: [Ingress]}\n`;
  const diff = assertExact(NO_POLICIES + deployment, NO_POLICIES + deployment + isolate);
  assert.ok(diff.changes.some((c) => c.change === 'lost' && c.from.label === 'ops/deployment/cache' && c.to.label === 'ops/deployment/cache'));
});

function git(cwd: string, ...args: string[]) {
  return execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
}

function palisade(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('git revisions of a repository, a working tree, and every output format', () => {
  const repo = join(dir, 'repo');
  mkdirSync(join(repo, 'k8s'), { recursive: true });
  git(repo, 'init', '-q');
  writeFileSync(join(repo, 'k8s', 'cluster.yaml'), BASE);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'base');
  writeFileSync(join(repo, 'k8s', 'cluster.yaml'), BASE.replace('metadata: {name: ops, labels: {team: ops}}', 'metadata: {name: ops, labels: {team: other}}'));
  git(repo, 'commit', '-qam', 'head');
  const k8s = join(repo, 'k8s');

  const json = palisade(k8s, ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '-o', 'json']);
  assert.equal(json.status, 1, json.stderr);
  const out = JSON.parse(json.stdout) as { base: string; head: string; lost: number; changes: { from: { label: string } }[] };
  assert.deepEqual([out.base, out.head, out.lost, out.changes[0]!.from.label], ['HEAD~1', 'HEAD', 1, 'ops/monitor']);

  // A revision against the working tree (here unchanged since HEAD), and --fail-on.
  assert.equal(palisade(k8s, ['diff', '--base', 'HEAD', '--head', '.']).status, 0);
  assert.equal(palisade(k8s, ['diff', '--base', 'HEAD~1', '--head', '.', '--fail-on', 'gained']).status, 0);
  assert.equal(palisade(k8s, ['diff', '--base', 'HEAD~1', '--head', '.', '--fail-on', 'lost']).status, 1);

  const table = palisade(k8s, ['diff', '--base', 'HEAD~1', '--head', 'HEAD']).stdout;
  assert.match(table, /connectivity HEAD~1 → HEAD on 5432\/TCP, 8080\/TCP: \+0 gained, -1 lost/);
  assert.match(table, /- ops\/monitor → shop\/db on 5432\/TCP\n {6}allowed in HEAD~1 by shop\/db ingress\[1\] from\[0\] \(all pods in namespaces with team=ops\), ports\[0\] \(5432\/TCP\)\n {6}denied in HEAD by ingress of shop\/db \(isolated by shop\/db\)/);
  const md = palisade(k8s, ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '-o', 'markdown']).stdout;
  assert.match(md, /^### Palisade: connectivity changes `HEAD~1` → `HEAD`/);
  assert.match(md, /^\| ➖ lost \| ops\/monitor \| shop\/db \| 5432\/TCP \| shop\/db ingress\[1\]/m);

  // From the repository root, --path picks the manifests out of the revision.
  const fromRoot = palisade(repo, ['diff', '--base', 'HEAD~1', '--head', 'k8s', '--path', 'k8s', '-o', 'json']);
  assert.equal((JSON.parse(fromRoot.stdout) as { lost: number }).lost, 1, fromRoot.stderr);

  const bad = palisade(k8s, ['diff', '--base', 'no-such-rev', '--head', '.']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /"no-such-rev" is neither a path nor a git revision/);
  // Files read from a revision are named by it in messages.
  writeFileSync(join(k8s, 'cluster.yaml'), `${readFileSync(join(k8s, 'cluster.yaml'), 'utf8')}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Sideways]}\n`);
  git(repo, 'commit', '-qam', 'broken');
  assert.match(palisade(k8s, ['diff', '--base', 'HEAD', '--head', '.']).stderr, /HEAD:k8s\/cluster\.yaml:\n {4}\d+:\d+: NetworkPolicy shop\/x/);
});

test('-f - is one standard input that both sides share: a pipe gives its bytes once, both sides see them', () => {
  const side = join(dir, 'stdin-side');
  mkdirSync(side, { recursive: true });
  writeFileSync(join(side, 'extra.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n');
  const r = spawnSync(process.execPath, [CLI, 'diff', '--base', side, '--head', side, '-f', '-', '-o', 'json'], { cwd: dir, input: BASE, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout) as { added: string[]; removed: string[]; gained: number; lost: number };
  assert.deepEqual([out.added, out.removed, out.gained, out.lost], [[], [], 0, 0]);
});
