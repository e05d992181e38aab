/**
 * --include-audit on check, matrix and diff: the enforced answer as before,
 * then what enforcing the audited policies (palisade.dev/enforcement: audit)
 * would change; exit codes follow the enforced answer.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-include-audit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, text: string): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const pod = (name: string, ip: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${name}}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}
status: {podIP: ${ip}}
`;
const PODS = pod('a', '10.0.0.1') + pod('b', '10.0.0.2') + pod('c', '10.0.0.3');

/** A default deny for ingress and its one exception, a → b, both tried in audit mode first. */
const AUDITED = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: default, annotations: {palisade.dev/enforcement: audit}}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a-to-b, namespace: default, annotations: {palisade.dev/enforcement: audit}}
spec:
  podSelector: {matchLabels: {app: b}}
  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}], ports: [{port: 80}]}]
`;

const BEFORE = file('before/pods.yaml', PODS);
const AFTER = file('after/cluster.yaml', PODS + AUDITED);
const CNP = file(
  'cnp/cluster.yaml',
  `${PODS}---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: no-b, annotations: {palisade.dev/enforcement: audit}}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}
  ingress: [{name: deny-all, action: Deny, from: [{namespaces: {}}]}]
`,
);

/** Every connection the default deny takes away: between the pods but a → b, and from anywhere outside. */
const LOST = [
  '::/0 → default/a',
  '::/0 → default/b',
  '::/0 → default/c',
  '0.0.0.0/0 → default/a',
  '0.0.0.0/0 → default/b',
  '0.0.0.0/0 → default/c',
  'default/a → default/c',
  'default/b → default/a',
  'default/b → default/c',
  'default/c → default/a',
  'default/c → default/b',
].map((c) => `- ${c} on 80/TCP`);

/** The changes an AUDIT section lists, as `- from → to on port`. */
function auditChanges(stdout: string): string[] {
  const section = stdout.slice(stdout.indexOf('AUDIT: enforcing the audited policies'));
  return [...section.matchAll(/^ {2}([+-] .+ on \S+)$/gm)].map((m) => m[1]!);
}

test('check: the enforced answer and exit code as without the flag, then an AUDIT block with the audited answer and its reasons', () => {
  const plain = palisade(['check', '-f', AFTER, 'a', 'c', '80']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^ALLOWED {2}default\/a → default\/c on 80\/TCP$/m);
  assert.doesNotMatch(plain.stdout, /AUDIT/);
  const r = palisade(['check', '-f', AFTER, 'a', 'c', '80', '--include-audit']);
  assert.equal(r.code, 0, 'exit codes follow what the nodes enforce');
  assert.ok(r.stdout.startsWith(plain.stdout.trimEnd() + '\n'), 'the enforced verdict comes first, unchanged');
  assert.match(r.stdout, /^AUDIT: with the audited policies enforced this would be DENIED\n {4}egress {2}default\/a: allows/m);
  assert.match(r.stdout, /^ {4}ingress default\/c: denies: isolated by default\/default-deny, and no rule allows it$/m);
  const same = palisade(['check', '-f', AFTER, 'a', 'b', '80', '--include-audit']);
  assert.match(same.stdout, /^AUDIT: enforcing the audited policies would not change this: still ALLOWED$/m);
});

test('check -o json and jsonl: the audited answer beside the enforced one', () => {
  const json = JSON.parse(palisade(['check', '-f', AFTER, 'c', 'b', '80', '--include-audit', '-o', 'json']).stdout) as Record<string, unknown> & {
    audit: { changes: boolean; allowed: boolean; ingress: { policies: string[]; reason: string } };
  };
  assert.equal(json['allowed'], true);
  assert.deepEqual([json.audit.changes, json.audit.allowed, json.audit.ingress.reason], [true, false, 'no-rule-matched']);
  assert.deepEqual(json.audit.ingress.policies, ['default/a-to-b', 'default/default-deny']);
  const line = (args: string[]) => JSON.parse(palisade(['check', '-f', AFTER, 'c', 'b', '80', '-o', 'jsonl', ...args]).stdout) as Record<string, unknown>;
  assert.deepEqual(line(['--include-audit']), { from: 'default/c', to: 'default/b', port: 80, protocol: 'TCP', allowed: true, auditAllowed: false });
  assert.equal('auditAllowed' in line([]), false);
});

test('check --flows: each answer carries the audited one, and the table counts and lists the flows it would change', () => {
  const flows = file(
    'flows.json',
    JSON.stringify([
      { from: 'a', to: 'b', port: 80 },
      { from: 'a', to: 'c', port: 80, note: 'a to c', expect: 'allowed' },
      { from: 'c', to: 'b', port: 80 },
    ]),
  );
  const table = palisade(['check', '-f', AFTER, '--flows', flows, '--include-audit']);
  assert.equal(table.code, 0, 'every flow gets what it expects where it is enforced');
  assert.match(
    table.stdout,
    /\n\nAUDIT: enforcing the audited policies would change 2 of 3 flows:\n {2}default\/a → default\/c on 80\/TCP \(a to c\): ALLOWED → DENIED\n {2}default\/c → default\/b on 80\/TCP: ALLOWED → DENIED\n$/,
  );
  const json = JSON.parse(palisade(['check', '-f', AFTER, '--flows', flows, '--include-audit', '-o', 'json']).stdout) as { allowed: boolean; audit: { changes: boolean; allowed: boolean; ingress: unknown } }[];
  assert.deepEqual(json.map((f) => [f.allowed, f.audit.allowed, f.audit.changes]), [[true, true, false], [true, false, true], [true, false, true]]);
  assert.ok(json.every((f) => f.audit.ingress !== undefined), 'with the sides, as the enforced answer has them');
  const lines = palisade(['check', '-f', AFTER, '--flows', flows, '--include-audit', '-o', 'jsonl']).stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { auditAllowed: boolean }).auditAllowed), [true, false, false]);
});

test('matrix: the enforced matrix, then exactly the connections enforcing the audited policies would lose', () => {
  const plain = palisade(['matrix', '-f', AFTER]);
  const r = palisade(['matrix', '-f', AFTER, '--include-audit']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith(plain.stdout + '\nAUDIT: enforcing the audited policies would change:\nconnectivity enforced → enforced + audited on 80/TCP: +0 gained, -11 lost\n'));
  assert.deepEqual(auditChanges(r.stdout), LOST);
  assert.match(r.stdout, /^ {6}denied in enforced \+ audited by ingress of default\/c \(isolated by default\/default-deny\)$/m);
  const json = JSON.parse(palisade(['matrix', '-f', AFTER, '--include-audit', '-o', 'json']).stdout) as { allowed: unknown; audit: { base: string; head: string; lost: number; gained: number } };
  assert.deepEqual(json.allowed, { '80/TCP': ['111', '111', '111'] });
  assert.deepEqual([json.audit.base, json.audit.head, json.audit.gained, json.audit.lost], ['enforced', 'enforced + audited', 0, 11]);
  const focus = palisade(['matrix', '-f', AFTER, '--include-audit', '-o', 'list', '--focus', 'a']);
  assert.deepEqual(auditChanges(focus.stdout), LOST.filter((c) => c.includes('default/a')), '--focus keeps its endpoint\'s changes');
});

test('matrix: one line when nothing would change; formats with no place for it are usage errors', () => {
  const none = palisade(['matrix', '-f', BEFORE, '--include-audit']);
  assert.match(none.stdout, /\n\nAUDIT: enforcing the audited policies would change no connection\n$/);
  assert.match(none.stderr, /--include-audit: the input has no policy in audit mode \(palisade\.dev\/enforcement: audit\), so nothing would change/);
  const csv = palisade(['matrix', '-f', AFTER, '--include-audit', '-o', 'csv']);
  assert.equal(csv.code, 2);
  assert.match(csv.stderr, /--include-audit: -o csv has no place for what enforcing the audited policies would change; use -o table, json, markdown, list or list-markdown/);
});

test('diff: AFTER that only adds audited policies changes nothing enforced; the audit section lists what enforcing them would', () => {
  const r = palisade(['diff', '--base', BEFORE, '--head', AFTER, '--include-audit']);
  assert.equal(r.code, 0, 'the enforced diff is empty');
  assert.match(r.stdout, /^connectivity \S+ → \S+ on 80\/TCP: \+0 gained, -0 lost\n\nAUDIT: enforcing the audited policies of \S+after\S* would change:\nconnectivity \S+ → \S+ \+ audited on 80\/TCP: \+0 gained, -11 lost$/m);
  assert.deepEqual(auditChanges(r.stdout), LOST);
  const json = JSON.parse(palisade(['diff', '--base', BEFORE, '--head', AFTER, '--include-audit', '-o', 'json']).stdout) as { lost: number; audit: { lost: number; head: string } };
  assert.deepEqual([json.lost, json.audit.lost], [0, 11]);
  assert.match(json.audit.head, /after\S* \+ audited$/);
  const md = palisade(['diff', '--base', BEFORE, '--head', AFTER, '--include-audit', '-o', 'markdown']).stdout;
  assert.match(md, /^No connection is gained or lost\.\n\n\*\*AUDIT:\*\* enforcing the audited policies of `\S+` would change:\n\n### Palisade: connectivity changes `\S+` → `\S+ \+ audited`$/m);
  assert.equal(md.match(/^\| ➖ lost \|/gm)?.length, 11);
});

test('an audited ClusterNetworkPolicy Deny: check names its rule under AUDIT, matrix loses only what it denies', () => {
  const r = palisade(['check', '-f', CNP, 'a', 'b', '80', '--include-audit']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^AUDIT: with the audited policies enforced this would be DENIED$/m);
  assert.match(r.stdout, /^ {4}ingress default\/b: denies: denied by the Admin tier\n {8}ClusterNetworkPolicy no-b \(Admin, priority 1\) ingress\[0\] "deny-all" Deny/m);
  const matrix = palisade(['matrix', '-f', CNP, '--include-audit']).stdout;
  assert.deepEqual(auditChanges(matrix), ['- default/a → default/b on 80/TCP', '- default/c → default/b on 80/TCP']);
  assert.match(matrix, /denied in enforced \+ audited by ingress of default\/b \(ClusterNetworkPolicy no-b \(Admin, priority 1\) ingress\[0\] "deny-all" Deny\)/, 'the rule that denies, named');
});
