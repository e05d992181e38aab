/** Every check fires on its example and stays quiet on the fixed version; config, suppression and --fail-on. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clusterOf } from '../../engine/cluster.js';
import { Engine, type EngineOptions } from '../../engine/engine.js';
import { loadManifests, loadText, type Manifests } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests } from '../../validation/manifests.js';
import { CHECKS, type CheckId } from './checks.js';
import { parseLintConfig, type LintConfig } from './config.js';
import { failsAt, lint, lintJson, type Finding, type LintResult } from './lint.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function run(m: Manifests, config?: LintConfig, opts: EngineOptions = {}): LintResult {
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'test input must be valid');
  const cluster = clusterOf(m, report);
  return lint(Engine.compile(cluster, opts), cluster, config);
}

const lintText = (yaml: string, config?: LintConfig, opts?: EngineOptions) => run(loadText(yaml, 'test.yaml'), config, opts);
const lintFile = (path: string, config?: LintConfig) => run(loadManifests([join(ROOT, path)]), config);
const ids = (r: LintResult) => r.findings.map((f) => f.id);
const only = (r: LintResult, id: CheckId) => r.findings.filter((f) => f.id === id);

// --- building blocks for inline cases --------------------------------------

const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: ${JSON.stringify({ name, labels, annotations })}\n---\n`;

function deploy(namespace: string, app: string, ports: { name?: string; port: number; protocol?: string }[] = []): string {
  const list = ports.map((p) => `{containerPort: ${p.port}${p.name ? `, name: ${p.name}` : ''}${p.protocol ? `, protocol: ${p.protocol}` : ''}}`).join(', ');
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: c, image: x, ports: [${list}]}]}
---
`;
}

function pod(namespace: string, name: string, labels: Record<string, string>, ip: string, ports = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)}}
spec: {containers: [{name: c, image: x${ports ? `, ports: ${ports}` : ''}}]}
status: {phase: Running, podIP: ${ip}}
---
`;
}

function policy(namespace: string, name: string, spec: object, annotations?: Record<string, string>): string {
  const meta = { name, namespace, ...(annotations ? { annotations } : {}) };
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: ${JSON.stringify(meta)}\nspec: ${JSON.stringify(spec)}\n---\n`;
}

const app = (a: string) => ({ matchLabels: { app: a } });
const DNS_RULE = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

// --- every example fires its check ------------------------------------------

const EXAMPLES = readdirSync(join(ROOT, 'examples/lint')).filter((f) => f.endsWith('.yaml'));

test('examples/lint has one example per check, and each fires its check', () => {
  assert.deepEqual(
    EXAMPLES.map((f) => f.slice(0, 6).toUpperCase()),
    CHECKS.map((c) => c.id),
  );
  for (const file of EXAMPLES) {
    const check = CHECKS.find((c) => c.id === file.slice(0, 6).toUpperCase())!;
    assert.equal(file, `${check.id.toLowerCase()}-${check.name}.yaml`, 'examples are named after the check');
    const r = lintFile(`examples/lint/${file}`);
    assert.ok(ids(r).includes(check.id), `${file}: ${check.id} fires (got ${ids(r).join(', ')})`);
  }
});

test('docs/lint.md lists every check with its name and default severity, and has a section for each', () => {
  const docs = readFileSync(join(ROOT, 'docs/lint.md'), 'utf8');
  const rows = [...docs.matchAll(/^\| \[(PAL\d{3})\]\(#([a-z0-9-]+)\) \| ([a-z-]+) \| ([a-z]+)/gm)].map((m) => m.slice(1).join(' '));
  assert.deepEqual(
    rows,
    CHECKS.map((c) => `${c.id} ${c.id.toLowerCase()}-${c.name} ${c.name} ${c.severity}`),
  );
  for (const c of CHECKS) assert.ok(docs.includes(`\n### ${c.id} ${c.name}\n`), `a section for ${c.id}`);
});

test('examples/clean has no finding at all', () => {
  const r = lintFile('examples/clean');
  assert.deepEqual(r.findings, []);
  assert.equal(failsAt(r.findings, 'info'), false);
});

test('a finding names the file, line, column, object, field, message and hint', () => {
  const [f] = only(lintFile('examples/lint/pal003-named-port-undefined.yaml'), 'PAL003') as [Finding];
  assert.deepEqual(
    { ...f, message: undefined, hint: undefined },
    {
      id: 'PAL003',
      name: 'named-port-undefined',
      severity: 'error',
      file: join(ROOT, 'examples/lint/pal003-named-port-undefined.yaml'),
      line: 41,
      column: 7,
      object: 'NetworkPolicy pal003/web',
      field: 'spec.ingress[0].ports[0].port',
      message: undefined,
      hint: undefined,
    },
  );
  assert.match(f.message, /named port "https" \(TCP\) is defined by none of the pods this policy selects \(pal003\/deployment\/web\)/);
  assert.match(f.hint!, /define "http" for TCP/);
});

// --- PAL001 policy-selects-nothing --------------------------------------------

test('PAL001: fires on a selector no pod matches, not on one that matches or where nothing is known', () => {
  const bad = lintText(deploy('a', 'web') + policy('a', 'p', { podSelector: app('frontend'), ingress: [{}] }));
  assert.deepEqual(ids(bad).filter((i) => i === 'PAL001'), ['PAL001']);
  assert.equal(only(bad, 'PAL001')[0]!.field, 'spec.podSelector');
  assert.match(only(bad, 'PAL001')[0]!.hint!, /carry app=web/);
  assert.deepEqual(only(lintText(deploy('a', 'web') + policy('a', 'p', { podSelector: app('web'), ingress: [{}] })), 'PAL001'), []);
  // Policies alone (no pods in that namespace): no evidence, no finding.
  assert.deepEqual(only(lintText(deploy('b', 'web') + policy('a', 'p', { podSelector: app('frontend'), ingress: [{}] })), 'PAL001'), []);
});

// --- PAL002 peer-selects-nothing ----------------------------------------------

test('PAL002: a podSelector or namespaceSelector peer that matches nothing known', () => {
  const base = ns('a', { team: 'a' }) + deploy('a', 'web') + deploy('a', 'api');
  const bad = lintText(base + policy('a', 'p', { podSelector: app('api'), ingress: [{ from: [{ podSelector: app('webb') }] }, { from: [{ namespaceSelector: { matchLabels: { team: 'zz' } } }] }] }));
  assert.deepEqual(
    only(bad, 'PAL002').map((f) => f.field),
    ['spec.ingress[0].from[0].podSelector', 'spec.ingress[1].from[0].namespaceSelector'],
  );
  const good = lintText(base + policy('a', 'p', { podSelector: app('api'), ingress: [{ from: [{ podSelector: app('web') }] }, { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }] }));
  assert.deepEqual(only(good, 'PAL002'), []);
});

test('PAL002: namespaces are judged only when the input declares some; well-known namespaces always exist', () => {
  const sel = (labels: Record<string, string>) => policy('a', 'p', { podSelector: app('web'), ingress: [{ from: [{ namespaceSelector: { matchLabels: labels } }] }] });
  // No Namespace objects: namespace labels are unknown.
  assert.deepEqual(only(lintText(deploy('a', 'web') + sel({ team: 'x' })), 'PAL002'), []);
  assert.deepEqual(only(lintText(ns('a') + deploy('a', 'web') + sel({ 'kubernetes.io/metadata.name': 'kube-system' })), 'PAL002'), []);
  // A name the input does not include: said, one step gentler (the input may be partial).
  const typo = only(lintText(ns('a') + deploy('a', 'web') + sel({ 'kubernetes.io/metadata.name': 'kube-sytem' })), 'PAL002');
  assert.deepEqual(
    typo.map((f) => [f.field, f.severity]),
    [['spec.ingress[0].from[0].namespaceSelector', 'info']],
  );
  assert.match(typo[0]!.message, /selects namespace kube-sytem, which the input does not include/);
  assert.match(typo[0]!.hint!, /the input's namespaces are a, default, kube-node-lease, kube-public, kube-system/);
  // A namespace the input has, with labels it does not carry: matches no namespace, at full severity.
  const unlabelled = only(lintText(ns('a') + deploy('a', 'web') + sel({ 'kubernetes.io/metadata.name': 'a', team: 'x' })), 'PAL002');
  assert.deepEqual(
    unlabelled.map((f) => f.severity),
    ['warning'],
  );
  assert.match(unlabelled[0]!.message, /matches no namespace/);
});

test('PAL002: pods of other namespaces do not count for a podSelector alone', () => {
  const r = lintText(ns('a') + ns('b') + deploy('a', 'api') + deploy('b', 'web') + policy('a', 'p', { podSelector: app('api'), ingress: [{ from: [{ podSelector: app('web') }] }] }));
  assert.equal(only(r, 'PAL002').length, 1);
  assert.match(only(r, 'PAL002')[0]!.hint!, /add a namespaceSelector in the same item/);
});

// --- PAL003 named-port-undefined ----------------------------------------------

test('PAL003: ingress names are looked up on the selected pods, egress names on the peers', () => {
  const base = deploy('a', 'web', [{ name: 'http', port: 8080 }]) + deploy('a', 'dns', [{ name: 'dns', port: 53, protocol: 'UDP' }]);
  const ingress = (port: string) => policy('a', 'in', { podSelector: app('web'), ingress: [{ ports: [{ port }] }] });
  assert.equal(only(lintText(base + ingress('https')), 'PAL003').length, 1);
  assert.deepEqual(only(lintText(base + ingress('http')), 'PAL003'), []);
  const egress = (protocol: string) => policy('a', 'out', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('dns') }], ports: [{ port: 'dns', protocol }] }] });
  const wrong = only(lintText(base + egress('TCP')), 'PAL003');
  assert.equal(wrong.length, 1);
  assert.match(wrong[0]!.hint!, /a\/deployment\/dns defines "dns" as UDP: write protocol: UDP/);
  assert.deepEqual(only(lintText(base + egress('UDP')), 'PAL003'), []);
});

test('PAL003: a named port towards ipBlocks only never matches an address outside', () => {
  const r = lintText(deploy('a', 'web') + policy('a', 'out', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 'https' }] }] }));
  assert.match(only(r, 'PAL003')[0]!.message, /never matches an address outside the cluster/);
});

// --- PAL004 peer-split-selectors ----------------------------------------------

test('PAL004: two items where one was meant; one item with both, or an evidently deliberate OR, is quiet', () => {
  const base = ns('app') + ns('front', { team: 'frontend' }) + ns('mon', { team: 'monitoring' }) + deploy('app', 'api') + deploy('front', 'web') + deploy('mon', 'prometheus');
  const split = (team: string) =>
    policy('app', 'p', { podSelector: app('api'), ingress: [{ from: [{ namespaceSelector: { matchLabels: { team } } }, { podSelector: app('web') }] }] });
  const bad = only(lintText(base + split('frontend')), 'PAL004');
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.field, 'spec.ingress[0].from[1]');
  assert.match(bad[0]!.hint!, /- \{namespaceSelector: \{matchLabels: \{team: frontend\}\}, podSelector: \{matchLabels: \{app: web\}\}\}/);
  // The monitoring namespace has pods and none is app=web: the AND would select nothing, so the OR is meant.
  assert.deepEqual(only(lintText(base + split('monitoring')), 'PAL004'), []);
  const joined = policy('app', 'p', { podSelector: app('api'), ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'frontend' } }, podSelector: app('web') }] }] });
  assert.deepEqual(only(lintText(base + joined), 'PAL004'), []);
});

// --- PAL005 ipblock-covers-pods ------------------------------------------------

test('PAL005: a targeted CIDR holding pod IPs is a warning, the internet an info; excepts count, node IPs do not', () => {
  const pods = pod('a', 'web', { app: 'web' }, '10.244.1.7') + pod('a', 'cache', { app: 'cache' }, '10.244.2.9');
  const egress = (ipBlock: object) => lintText(pods + policy('a', 'p', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }, DNS_RULE] }));
  assert.deepEqual(only(egress({ cidr: '10.244.2.0/24' }), 'PAL005').map((f) => f.severity), ['warning']);
  assert.deepEqual(only(egress({ cidr: '0.0.0.0/0' }), 'PAL005').map((f) => f.severity), ['info']);
  assert.deepEqual(only(egress({ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }), 'PAL005'), []);
  assert.deepEqual(only(egress({ cidr: '10.244.2.0/24', except: ['10.244.2.0/28'] }), 'PAL005'), []);
  assert.deepEqual(only(egress({ cidr: '192.0.2.0/24' }), 'PAL005'), []);
  // A host-network pod carries its node's address: an ipBlock for nodes is fine.
  const node = 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent, namespace: a}\nspec: {hostNetwork: true, containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: 192.0.2.5}\n---\n';
  assert.deepEqual(only(lintText(node + pods + policy('a', 'p', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '192.0.2.0/24' } }] }, DNS_RULE] })), 'PAL005'), []);
  // Raising the check's severity raises both, the internet case staying one step gentler.
  const cfg: LintConfig = { checks: { PAL005: 'error' } };
  const raised = lintText(pods + policy('a', 'p', { podSelector: app('web'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.244.2.0/24' } }, { ipBlock: { cidr: '0.0.0.0/0' } }] }, DNS_RULE] }), cfg);
  assert.deepEqual(only(raised, 'PAL005').map((f) => f.severity), ['error', 'warning']);
});

// --- PAL006 egress-blocks-dns ---------------------------------------------------

test('PAL006: pods allowed some egress but not DNS; a DNS rule, or no egress at all, is quiet', () => {
  const base = deploy('a', 'api') + deploy('a', 'db', [{ port: 5432 }]);
  const toDb = { to: [{ podSelector: app('db') }], ports: [{ port: 5432 }] };
  const bad = only(lintText(base + policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [toDb] })), 'PAL006');
  assert.equal(bad.length, 1);
  assert.match(bad[0]!.message, /a\/deployment\/api is isolated for egress .* on 53\/UDP and 53\/TCP: it cannot resolve names \(the input has no DNS pods: checked against a stand-in/);
  assert.deepEqual(only(lintText(base + policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [toDb, DNS_RULE] })), 'PAL006'), []);
  // Egress denied entirely: the pods connect nowhere, so names do not matter.
  assert.deepEqual(only(lintText(base + policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'] })), 'PAL006'), []);
  // UDP only: TCP fallback for large answers fails.
  const udpOnly = { ...DNS_RULE, ports: [{ protocol: 'UDP', port: 53 }] };
  const tcp = only(lintText(base + policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [toDb, udpOnly] })), 'PAL006');
  assert.match(tcp[0]!.message, /on 53\/TCP: DNS answers too large for UDP/);
});

test('PAL006: real DNS pods are used when the input has them; the internet ipBlock reaches the stand-in', () => {
  const base = deploy('a', 'api');
  const dnsPod = pod('kube-system', 'coredns-1', { 'k8s-app': 'kube-dns' }, '10.96.0.10', '[{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]');
  const toInternet = (cidr: string) => policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr } }] }] });
  // Every address: the DNS pods whatever their IPs (stand-in), or by their IP (real pod).
  assert.deepEqual(only(lintText(base + toInternet('0.0.0.0/0')), 'PAL006'), []);
  assert.deepEqual(only(lintText(base + dnsPod + toInternet('0.0.0.0/0')), 'PAL006'), []);
  // A DNS workload has no IP either: the internet reaches its pods.
  const dnsWorkload = deploy('kube-system', 'coredns').replace('labels: {app: coredns}', "labels: {app: coredns, k8s-app: kube-dns}");
  assert.deepEqual(only(lintText(base + dnsWorkload + toInternet('0.0.0.0/0')), 'PAL006'), []);
  assert.equal(only(lintText(base + dnsWorkload + toInternet('192.0.2.0/24')), 'PAL006').length, 1);
  // A targeted range that misses the real DNS pod's IP.
  const r = only(lintText(base + dnsPod + toInternet('192.0.2.0/24')), 'PAL006');
  assert.equal(r.length, 1);
  assert.doesNotMatch(r[0]!.message, /stand-in/);
  // With ipBlocks not matching pod IPs, the real DNS pod is out of reach.
  assert.equal(only(lintText(base + dnsPod + toInternet('0.0.0.0/0'), undefined, { ipBlockMatchesPods: false }), 'PAL006').length, 1);
});

test('PAL002 and PAL006 leave the engine as they found it', () => {
  // A pod that happens to have the stand-in's name (but not its labels) stays.
  const namesake = pod('kube-system', 'palisade-stand-in-cluster-dns', { app: 'other' }, '10.0.0.9');
  const m = loadText(namesake + deploy('a', 'api') + policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('x') }] }] }), 't.yaml');
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION });
  const cluster = clusterOf(m, report);
  const engine = Engine.compile(cluster);
  const before = engine.endpoints().map((e) => e.ref);
  assert.equal(only(lint(engine, cluster), 'PAL006').length, 1);
  assert.deepEqual(engine.endpoints().map((e) => e.ref), before);
  const kept = engine.resolve('kube-system/palisade-stand-in-cluster-dns');
  assert.deepEqual(kept?.kind === 'pod' ? kept.labels : undefined, { app: 'other' });
  assert.equal(engine.resolve('kube-system/palisade-stand-in-cluster-dns-2'), undefined);
  // Several stand-ins, two in one namespace, for PAL002 and PAL006 alike.
  const config = dnsConfig('  - {namespace: kube-system, labels: {k8s-app: kube-dns}}\n  - {namespace: kube-system, labels: {k8s-app: node-local-dns}}\n  - {namespace: openshift-dns}\n');
  assert.equal(only(lint(engine, cluster, config), 'PAL006').length, 1);
  assert.deepEqual(engine.endpoints().map((e) => e.ref), before);
});

// --- the cluster DNS: lint.dns, and PAL002 agreeing with PAL006 -----------------

const dnsConfig = (targets: string) => parseLintConfig(`lint:\n  dns:\n${targets}`, '.palisade.yaml');
const OPENSHIFT_LABELS = { 'dns.operator.openshift.io/daemonset-dns': 'default' };
const OPENSHIFT = dnsConfig(`  - {namespace: openshift-dns, labels: ${JSON.stringify(OPENSHIFT_LABELS)}, ports: [5353]}\n`);
const DNS_PORTS_YAML = '[{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]';
const toDb = { to: [{ podSelector: app('db') }], ports: [{ port: 5432 }] };
const apiEgress = (...rules: object[]) => policy('a', 'p', { podSelector: app('api'), policyTypes: ['Egress'], egress: [toDb, ...rules] });
/** An egress rule to pods with `labels` in namespace `name`, as DNS rules are written. */
const toPods = (name: string, labels: Record<string, string>, ports: object[] = DNS_RULE.ports) => ({
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } }, podSelector: { matchLabels: labels } }],
  ports,
});
// OpenShift's own DNS rule: the named port as dns-default names it, and the number.
const TO_OPENSHIFT_DNS = toPods('openshift-dns', OPENSHIFT_LABELS, [
  { protocol: 'UDP', port: 'dns' },
  { protocol: 'TCP', port: 5353 },
]);
const dnsFindings = (r: LintResult) => r.findings.filter((f) => f.id === 'PAL002' || f.id === 'PAL006').map((f) => `${f.id} ${f.severity} ${f.field}`);

test('PAL006: lint.dns replaces the cluster DNS, e.g. OpenShift dns-default in openshift-dns on 5353', () => {
  const base = ns('a') + deploy('a', 'api') + deploy('a', 'db', [{ port: 5432 }]);
  // The stand-in serves 5353 as "dns" (UDP) and "dns-tcp" (TCP), as dns-default does.
  assert.deepEqual(only(lintText(base + apiEgress(TO_OPENSHIFT_DNS), OPENSHIFT), 'PAL006'), []);
  const bad = only(lintText(base + apiEgress(DNS_RULE), OPENSHIFT), 'PAL006');
  assert.equal(bad.length, 1, 'kube-dns is not the cluster DNS any more');
  assert.match(
    bad[0]!.message,
    /cannot reach the cluster DNS \(pods with dns\.operator\.openshift\.io\/daemonset-dns=default in openshift-dns\) on 5353\/UDP and 5353\/TCP: it cannot resolve names \(the input has no DNS pods: checked against a stand-in with those labels, serving 5353\/UDP "dns" and 5353\/TCP "dns-tcp"\)/,
  );
  assert.match(
    bad[0]!.hint!,
    /to: \[\{namespaceSelector: \{matchLabels: \{kubernetes\.io\/metadata\.name: openshift-dns\}\}, podSelector: \{matchLabels: \{dns\.operator\.openshift\.io\/daemonset-dns: default\}\}\}\], ports: \[\{protocol: UDP, port: 5353\}, \{protocol: TCP, port: 5353\}\]/,
  );
  // Without a config, the default is unchanged: kube-dns on 53.
  assert.match(only(lintText(base + apiEgress(TO_OPENSHIFT_DNS)), 'PAL006')[0]!.message, /\(pods with k8s-app=kube-dns in kube-system\) on 53\/UDP and 53\/TCP/);
  // Real dns-default pods when the input has them: reached by their IP, which no stand-in has.
  const dnsDefault = pod('openshift-dns', 'dns-default-x', OPENSHIFT_LABELS, '10.128.0.5', '[{name: dns, containerPort: 5353, protocol: UDP}, {name: dns-tcp, containerPort: 5353}]');
  const toIP = { to: [{ ipBlock: { cidr: '10.128.0.5/32' } }], ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] };
  assert.deepEqual(only(lintText(base + dnsDefault + apiEgress(toIP), OPENSHIFT), 'PAL006'), []);
  assert.equal(only(lintText(base + apiEgress(toIP), OPENSHIFT), 'PAL006').length, 1);
});

test('PAL006: with several targets each must be reached, e.g. kube-dns and NodeLocal DNSCache at 169.254.20.10', () => {
  const config = dnsConfig('  - {namespace: kube-system, labels: {k8s-app: kube-dns}}\n  - ip: 169.254.20.10\n    protocols: UDP\n');
  const base = deploy('a', 'api') + deploy('a', 'db', [{ port: 5432 }]);
  const toNodeLocal = { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ protocol: 'UDP', port: 53 }] };
  assert.deepEqual(only(lintText(base + apiEgress(DNS_RULE, toNodeLocal), config), 'PAL006'), []);
  const noCache = only(lintText(base + apiEgress(DNS_RULE), config), 'PAL006');
  assert.match(noCache[0]!.message, /cannot reach the cluster DNS \(169\.254\.20\.10\) on 53\/UDP: it cannot resolve names$/);
  assert.match(noCache[0]!.hint!, /e\.g\. to: \[\{ipBlock: \{cidr: 169\.254\.20\.10\/32\}\}\], ports: \[\{protocol: UDP, port: 53\}\]; if/);
  const cacheOnly = only(lintText(base + apiEgress(toNodeLocal), config), 'PAL006');
  assert.match(cacheOnly[0]!.message, /cannot reach the cluster DNS \(pods with k8s-app=kube-dns in kube-system\) on 53\/UDP and 53\/TCP: /);
  const neither = only(lintText(base + apiEgress(), config), 'PAL006');
  assert.match(neither[0]!.message, /\(pods with k8s-app=kube-dns in kube-system\) on 53\/UDP and 53\/TCP, nor \(169\.254\.20\.10\) on 53\/UDP/);
  assert.match(neither[0]!.hint!, /ports: \[\{protocol: UDP, port: 53\}, \{protocol: TCP, port: 53\}\]; and to: \[\{ipBlock/);
});

test('PAL002 and PAL006 agree on a partial input: a peer that matches the DNS stand-in matches the cluster DNS', () => {
  // A repository's manifests: kube-system holds one of its add-ons, not the cluster DNS.
  const partial = ns('a') + deploy('a', 'api') + deploy('a', 'db', [{ port: 5432 }]) + deploy('kube-system', 'metrics-server');
  assert.deepEqual(dnsFindings(lintText(partial + apiEgress(DNS_RULE))), []);
  // A wrong label: both say so.
  const typo = toPods('kube-system', { 'k8s-app': 'kubedns' });
  assert.deepEqual(dnsFindings(lintText(partial + apiEgress(typo))), ['PAL006 warning spec.egress', 'PAL002 warning spec.egress[1].to[0].podSelector']);
  // The full input, with the DNS pods: the right rule is quiet, the wrong label still fires both.
  const full = partial + pod('kube-system', 'coredns-1', { 'k8s-app': 'kube-dns' }, '10.96.0.10', DNS_PORTS_YAML);
  assert.deepEqual(dnsFindings(lintText(full + apiEgress(DNS_RULE))), []);
  const fullTypo = lintText(full + apiEgress(typo));
  assert.deepEqual(dnsFindings(fullTypo), ['PAL006 warning spec.egress', 'PAL002 warning spec.egress[1].to[0].podSelector']);
  assert.match(only(fullTypo, 'PAL002')[0]!.hint!, /carry k8s-app=kube-dns\. Fix the labels/);
});

test('PAL002 and PAL006 agree on a DNS namespace the input lacks; with the DNS pods there, a peer missing them still fires', () => {
  const partial = ns('a') + deploy('a', 'api') + deploy('a', 'db', [{ port: 5432 }]);
  assert.deepEqual(dnsFindings(lintText(partial + apiEgress(TO_OPENSHIFT_DNS), OPENSHIFT)), []);
  // Not configured: openshift-dns is not the cluster DNS (PAL006), and the input does not include it (PAL002, gently).
  const unconfigured = lintText(partial + apiEgress(TO_OPENSHIFT_DNS));
  assert.deepEqual(dnsFindings(unconfigured), ['PAL006 warning spec.egress', 'PAL002 info spec.egress[1].to[0].namespaceSelector']);
  assert.match(only(unconfigured, 'PAL002')[0]!.hint!, /lint\.dns in \.palisade\.yaml/);
  // The full input: openshift-dns and its DNS pods are there, and the peer's labels miss them.
  const full = partial + ns('openshift-dns') + pod('openshift-dns', 'dns-default-x', OPENSHIFT_LABELS, '10.128.0.5', DNS_PORTS_YAML.replaceAll('53', '5353'));
  const wrong = toPods('openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'dflt' }, TO_OPENSHIFT_DNS.ports);
  assert.deepEqual(dnsFindings(lintText(full + apiEgress(TO_OPENSHIFT_DNS), OPENSHIFT)), []);
  assert.deepEqual(dnsFindings(lintText(full + apiEgress(wrong), OPENSHIFT)), ['PAL006 warning spec.egress', 'PAL002 warning spec.egress[1].to[0].podSelector']);
});

// --- PAL007 redundant --------------------------------------------------------------

test('PAL007: a rule inside another, and a policy adding nothing; distinct rules are quiet', () => {
  const r = lintFile('examples/lint/pal007-redundant.yaml');
  assert.deepEqual(
    only(r, 'PAL007').map((f) => `${f.object} ${f.field}`),
    ['NetworkPolicy pal007/api spec.ingress[0]', 'NetworkPolicy pal007/api-http-only metadata.name'],
  );
  const base = deploy('a', 'web') + deploy('a', 'api', [{ port: 8080 }, { port: 9090 }]);
  const distinct = policy('a', 'p', { podSelector: app('api'), ingress: [{ from: [{ podSelector: app('web') }], ports: [{ port: 8080 }] }, { from: [{ podSelector: app('api') }], ports: [{ port: 8080 }] }, { from: [{ podSelector: app('web') }], ports: [{ port: 9090 }] }] });
  assert.deepEqual(only(lintText(base + distinct), 'PAL007'), []);
});

test('PAL007: of two identical rules only the later is reported; of two default-denies only the later', () => {
  const base = deploy('a', 'web') + deploy('a', 'api');
  const rule = { from: [{ podSelector: app('web') }], ports: [{ port: 8080 }] };
  const twice = only(lintText(base + policy('a', 'p', { podSelector: app('api'), ingress: [rule, rule] })), 'PAL007');
  assert.deepEqual(twice.map((f) => f.field), ['spec.ingress[1]']);
  const deny = { podSelector: {}, policyTypes: ['Ingress'] };
  const denies = only(lintText(base + policy('a', 'deny-1', deny) + policy('a', 'deny-2', deny)), 'PAL007');
  assert.deepEqual(denies.map((f) => f.object), ['NetworkPolicy a/deny-2']);
});

test('PAL007: a default deny is not redundant because other policies select every pod today', () => {
  const base = deploy('a', 'web') + deploy('a', 'api');
  const r = lintText(
    base +
      policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }) +
      policy('a', 'web', { podSelector: app('web'), ingress: [{ from: [{ podSelector: app('api') }] }] }) +
      policy('a', 'api', { podSelector: app('api'), ingress: [{ from: [{ podSelector: app('web') }] }] }),
  );
  assert.deepEqual(only(r, 'PAL007'), []);
});

test('PAL007: ipBlock ranges are compared as addresses, excepts included', () => {
  const base = deploy('a', 'web');
  const rules = (...blocks: object[]) => policy('a', 'p', { podSelector: app('web'), policyTypes: ['Egress'], egress: [...blocks.map((ipBlock) => ({ to: [{ ipBlock }] })), DNS_RULE] });
  assert.deepEqual(only(lintText(base + rules({ cidr: '192.0.2.0/24' }, { cidr: '192.0.2.0/25' })), 'PAL007').map((f) => f.field), ['spec.egress[1]']);
  assert.deepEqual(only(lintText(base + rules({ cidr: '192.0.2.0/24', except: ['192.0.2.0/26'] }, { cidr: '192.0.2.0/25' })), 'PAL007'), []);
});

// --- PAL008 allows-everything ----------------------------------------------------

test('PAL008: a stray empty rule, an explicit empty list, namespaceSelector {} without ports; the allow-all idiom is quiet', () => {
  const base = deploy('a', 'db', [{ port: 5432 }]) + deploy('a', 'api');
  const p = (ingress: object[]) => lintText(base + policy('a', 'p', { podSelector: app('db'), ingress }));
  const toDb = { from: [{ podSelector: app('api') }], ports: [{ port: 5432 }] };
  assert.deepEqual(only(p([toDb, {}]), 'PAL008').map((f) => f.field), ['spec.ingress[1]']);
  assert.match(only(p([{ from: [] }]), 'PAL008')[0]!.message, /from: \[\] is an empty list, which matches every peer, not none/);
  assert.deepEqual(only(p([{ from: [{ namespaceSelector: {} }] }]), 'PAL008').map((f) => f.field), ['spec.ingress[0].from[0].namespaceSelector']);
  assert.deepEqual(only(p([{}]), 'PAL008'), [], '`ingress: [{}]` alone is the documented allow-all');
  assert.deepEqual(only(p([{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }]), 'PAL008'), []);
  assert.deepEqual(only(p([{ from: [{ namespaceSelector: {}, podSelector: app('api') }] }]), 'PAL008'), []);
});

// --- PAL009 namespace-without-default-deny -----------------------------------------

test('PAL009: a namespace with pods and no podSelector: {} policy per direction', () => {
  const base = ns('a') + deploy('a', 'web');
  assert.match(only(lintText(base), 'PAL009')[0]!.message, /no default-deny policy for ingress and egress/);
  const ingressOnly = lintText(base + policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
  assert.deepEqual(only(ingressOnly, 'PAL009').map((f) => [f.severity, f.object, f.field]), [['info', 'Namespace a', 'metadata.name']]);
  assert.match(only(ingressOnly, 'PAL009')[0]!.message, /for egress:/);
  assert.deepEqual(only(lintText(base + policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })), 'PAL009'), []);
  // No pods: nothing to protect yet.
  assert.deepEqual(only(lintText(ns('b')), 'PAL009'), []);
});

// --- PAL010 rules-ignored ------------------------------------------------------------

test('PAL010: rules of a direction policyTypes leaves out', () => {
  const base = deploy('a', 'web');
  const p = (policyTypes: string[]) => lintText(base + policy('a', 'p', { podSelector: app('web'), policyTypes, ingress: [{}], egress: [DNS_RULE] }));
  assert.deepEqual(only(p(['Ingress']), 'PAL010').map((f) => f.field), ['spec.egress']);
  assert.deepEqual(only(p(['Ingress', 'Egress']), 'PAL010'), []);
});

// --- configuration, suppression, --fail-on ---------------------------------------------

test('config turns checks off and changes their severity, by ID or name', () => {
  const file = 'examples/lint/pal004-peer-split-selectors.yaml';
  assert.deepEqual(ids(lintFile(file)), ['PAL002', 'PAL004']);
  assert.deepEqual(ids(lintFile(file, { checks: { PAL004: 'off' } })), ['PAL002']);
  const raised = lintFile(file, { checks: { PAL004: 'error', PAL002: 'info' } });
  assert.deepEqual(raised.findings.map((f) => `${f.id} ${f.severity}`), ['PAL002 info', 'PAL004 error']);
});

test('the palisade.dev/lint-ignore annotation silences checks by ID, name or all, and reports unknown names', () => {
  const base = ns('a', {}, { 'palisade.dev/lint-ignore': 'PAL009' }) + deploy('a', 'web');
  const bad = { podSelector: app('web'), ingress: [{ ports: [{ port: 'nope' }] }, { from: [{ podSelector: app('ghost') }] }] };
  const plain = lintText(base + policy('a', 'p', bad));
  assert.deepEqual([ids(plain).sort(), plain.suppressed], [['PAL002', 'PAL003'], 1], 'PAL009 is silenced on the Namespace');
  const byName = lintText(base + policy('a', 'p', bad, { 'palisade.dev/lint-ignore': 'named-port-undefined' }));
  assert.deepEqual([ids(byName), byName.suppressed], [['PAL002'], 2]);
  const both = lintText(base + policy('a', 'p', bad, { 'palisade.dev/lint-ignore': 'PAL002, pal003' }));
  assert.deepEqual([ids(both), both.suppressed], [[], 3]);
  const all = lintText(base + policy('a', 'p', bad, { 'palisade.dev/lint-ignore': 'all' }));
  assert.deepEqual([ids(all), all.suppressed], [[], 3]);
  const typo = lintText(base + policy('a', 'p', bad, { 'palisade.dev/lint-ignore': 'PAL003,named-prot' }));
  assert.deepEqual(ids(typo), ['PAL002']);
  assert.match(typo.warnings[0]!, /NetworkPolicy a\/p: annotation palisade.dev\/lint-ignore: unknown check "named-prot"/);
});

test('--fail-on: findings at or above the level fail', () => {
  const f = (severity: Finding['severity']) => ({ severity }) as Finding;
  assert.equal(failsAt([], 'info'), false);
  assert.equal(failsAt([f('warning')], 'error'), false);
  assert.equal(failsAt([f('warning')], 'warning'), true);
  assert.equal(failsAt([f('warning')], 'info'), true);
  assert.equal(failsAt([f('info')], 'warning'), false);
  assert.equal(failsAt([f('error')], 'error'), true);
});

test('the JSON report is one object with findings and a summary', () => {
  const r = lintFile('examples/lint/pal005-ipblock-covers-pods.yaml');
  const json = lintJson(r, 'warning');
  assert.deepEqual(Object.keys(json), ['findings', 'summary']);
  assert.deepEqual(json.summary, { error: 0, warning: 1, info: 1, total: 2, suppressed: 1, failOn: 'warning', failed: true });
  assert.deepEqual(Object.keys(json.findings[0]!), ['id', 'name', 'severity', 'message', 'file', 'line', 'column', 'object', 'field', 'hint']);
});
