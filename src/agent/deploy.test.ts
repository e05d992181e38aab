/**
 * The manifests that deploy the agent (deploy/): valid for Palisade and for
 * kubectl, granting the agent exactly the reads it makes, and running it with
 * a command line it accepts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { KUBECTL, kubectl, NO_KUBECTL } from '../cli/kubectl.test.helper.js';
import { buildProgram } from '../cli/program.js';
import { palisade, ROOT } from '../cli/run-cli.test.helper.js';
import { apiGroupOf, KINDS } from '../model/kinds.js';
import { UNREAD_POLICY_KINDS } from '../sources/unread-policy-kinds.js';
import { startDiscoveryServer } from './discovery-server.test.helper.js';

const DEPLOY = join(ROOT, 'deploy');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

const FILES = readdirSync(DEPLOY).filter((f) => f.endsWith('.yaml')).sort();
const OBJECTS: Manifest[] = FILES.flatMap((f) => parseAllDocuments(readFileSync(join(DEPLOY, f), 'utf8')).map((d) => d.toJS() as Manifest));

function only(kind: string): Manifest {
  const found = OBJECTS.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind} in deploy/`);
  return found[0]!;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the manifests' fields, read as the tests need them */
const daemonSet = only('DaemonSet') as any;
const podSpec = daemonSet.spec.template.spec;
const container = podSpec.containers[0];
/* eslint-enable @typescript-eslint/no-explicit-any */

test('deploy/ holds the namespace, the service account, its cluster role and binding, and the DaemonSet', () => {
  assert.deepEqual(OBJECTS.map((o) => o.kind).sort(), ['ClusterRole', 'ClusterRoleBinding', 'DaemonSet', 'Namespace', 'ServiceAccount']);
});

test('palisade validate -f deploy/ finds nothing wrong, and reads the DaemonSet (its pod template is validated, not skipped)', () => {
  const r = palisade(['validate', '-f', 'deploy/', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { valid: boolean; diagnostics: unknown[]; summary: { namespaces: number; workloads: number; skipped: Record<string, number> } };
  assert.deepEqual([report.valid, report.diagnostics], [true, []]);
  assert.deepEqual([report.summary.namespaces, report.summary.workloads], [1, 1]);
  // What Palisade does not read, it says it skipped: the RBAC objects.
  assert.deepEqual(report.summary.skipped, { ServiceAccount: 1, ClusterRole: 1, ClusterRoleBinding: 1 });
});

/** `group/resource` for every kind the agent lists and watches: those it evaluates, and other plugins' policies it warns about. */
function resourcesTheAgentReads(): string[] {
  const read = Object.values(KINDS).flatMap((entry) => entry.apiVersions.map((v) => `${apiGroupOf(v)}/${entry.resource}`));
  const warned = UNREAD_POLICY_KINDS.flatMap((k) => k.groups.map((g) => `${g}/${k.resource}`));
  return [...new Set([...read, ...warned])].sort();
}

test('the ClusterRole grants get, list and watch on exactly the resources the agent reads: every kind of the registry and every policy kind it warns about', () => {
  const role = only('ClusterRole') as Manifest & { rules: { apiGroups?: string[]; resources?: string[]; verbs: string[]; nonResourceURLs?: string[]; resourceNames?: string[] }[] };
  for (const [i, rule] of role.rules.entries()) {
    assert.deepEqual([...rule.verbs].sort(), ['get', 'list', 'watch'], `rules[${i}].verbs: reads only`);
    assert.equal(rule.nonResourceURLs, undefined, `rules[${i}]: discovery is every authenticated user's already (system:discovery)`);
    assert.equal(rule.resourceNames, undefined, `rules[${i}]: every object of the kind`);
    for (const name of [...(rule.apiGroups ?? []), ...(rule.resources ?? [])]) assert.ok(!name.includes('*'), `rules[${i}]: no wildcard (${name})`);
  }
  const granted = role.rules.flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).map((res) => `${g}/${res}`)));
  assert.equal(new Set(granted).size, granted.length, 'no resource granted twice');
  const needed = resourcesTheAgentReads();
  assert.deepEqual(
    { missing: needed.filter((r) => !granted.includes(r)), extra: granted.filter((r) => !needed.includes(r)).sort() },
    { missing: [], extra: [] },
    'deploy/11-clusterrole.yaml must grant what src/model/kinds.ts and src/sources/unread-policy-kinds.ts read, and nothing else',
  );
});

test('the names line up: the DaemonSet runs as the ServiceAccount the ClusterRoleBinding binds to the ClusterRole, in the Namespace deploy/ creates', () => {
  const namespace = only('Namespace').metadata.name;
  const account = only('ServiceAccount');
  const binding = only('ClusterRoleBinding') as Manifest & { roleRef: { apiGroup: string; kind: string; name: string }; subjects: { kind: string; name: string; namespace?: string }[] };
  for (const o of OBJECTS.filter((o) => o.metadata.namespace !== undefined)) assert.equal(o.metadata.namespace, namespace, `${o.kind} ${o.metadata.name}`);
  assert.equal(daemonSet.metadata.namespace, namespace);
  assert.equal(podSpec.serviceAccountName, account.metadata.name);
  assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: only('ClusterRole').metadata.name });
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account.metadata.name, namespace }]);
});

test("the DaemonSet runs the image of this version, on every node's network with NET_ADMIN only, and probes the port the agent listens on", () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(container.image, `ghcr.io/palisade-dev/palisade:${version}`, 'the image tag follows package.json');
  assert.deepEqual([podSpec.hostNetwork, podSpec.dnsPolicy, podSpec.priorityClassName], [true, 'ClusterFirstWithHostNet', 'system-node-critical']);
  assert.ok(podSpec.tolerations.some((t: { key?: string; operator: string; effect?: string }) => t.operator === 'Exists' && !t.key && !t.effect), 'one toleration for every taint');
  const security = container.securityContext;
  assert.deepEqual(security.capabilities, { drop: ['ALL'], add: ['NET_ADMIN'] });
  assert.deepEqual([security.allowPrivilegeEscalation, security.privileged, security.readOnlyRootFilesystem], [false, false, true]);

  // --node gets the node's name from the downward API.
  const args: string[] = container.args;
  assert.equal(args[args.indexOf('--node') + 1], '$(NODE_NAME)');
  assert.deepEqual(container.env.find((e: { name: string }) => e.name === 'NODE_NAME')?.valueFrom, { fieldRef: { fieldPath: 'spec.nodeName' } });

  // The probes reach the address --listen serves.
  const listenPort = Number(args[args.indexOf('--listen') + 1]!.split(':').at(-1));
  const port = (ref: string | number) => (typeof ref === 'number' ? ref : container.ports.find((p: { name: string }) => p.name === ref)?.containerPort);
  assert.deepEqual(
    [container.livenessProbe.httpGet.path, port(container.livenessProbe.httpGet.port), container.readinessProbe.httpGet.path, port(container.readinessProbe.httpGet.port)],
    ['/healthz', listenPort, '/readyz', listenPort],
  );
  assert.ok(container.resources.requests && container.resources.limits, 'requests and limits');
});

test("the DaemonSet's command line is one palisade agent accepts", async () => {
  // Parse the arguments with the real command, its options, choices and
  // checks, but do not run it.
  const program = buildProgram();
  const agent = program.commands.find((c) => c.name() === 'agent')!;
  // A refused command line throws, with commander's message; it need not print it too.
  agent.configureOutput({ writeErr: () => undefined });
  let parsed: Record<string, unknown> | undefined;
  agent.action((opts: Record<string, unknown>) => {
    parsed = opts;
  });
  const args = (container.args as string[]).map((a) => a.replace('$(NODE_NAME)', 'node-a'));
  await program.parseAsync(args, { from: 'user' });
  assert.equal(args[0], 'agent');
  assert.ok(parsed, 'the agent command was selected');
  assert.deepEqual([parsed['cluster'], parsed['node'], parsed['listen'], parsed['logFormat']], [true, 'node-a', '0.0.0.0:9743', 'json']);
});

const home = mkdtempSync(join(tmpdir(), 'palisade-deploy-'));
after(() => rmSync(home, { recursive: true, force: true }));

test('kubectl apply --dry-run=client -f deploy/ takes every object and writes nothing', { skip: KUBECTL ? false : NO_KUBECTL }, async () => {
  const api = await startDiscoveryServer();
  try {
    const kubeconfig = join(home, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: fake, cluster: {server: '${api.url}'}}]\nusers: [{name: fake, user: {}}]\ncontexts: [{name: fake, context: {cluster: fake, user: fake}}]\ncurrent-context: fake\n`,
    );
    const r = await kubectl(['apply', '--dry-run=client', '--validate=false', '-f', 'deploy/', '-o', 'name', '--cache-dir', join(home, 'cache')], {
      cwd: ROOT,
      home,
      env: { KUBECONFIG: kubeconfig },
    });
    assert.equal(r.code, 0, r.stderr);
    const expected = OBJECTS.map((o) => `${o.kind.toLowerCase()}${apiGroupOf(o.apiVersion) ? `.${apiGroupOf(o.apiVersion)}` : ''}/${o.metadata.name}`);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), expected.sort());
    assert.deepEqual(api.requests.filter((q) => !q.startsWith('GET ')), [], 'a dry run only reads');
  } finally {
    await api.close();
  }
});
