/**
 * The long-running nft: scripts on one line mean what they mean in a file;
 * in the kernel (network namespaces of the test's own) a table applied
 * through it is the one `nft -f` gives, a refused transaction changes
 * nothing and does not stop the next, nft is started again when it dies or
 * has read its fill, and an nft without `-i` still applies every script.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { replaceTableScript } from '../dataplane/nft-text.js';
import { compileRuleset } from '../dataplane/ruleset.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import { addNamespace, deleteNamespace, inNamespace, labUnavailable, run } from '../lab/netns.js';
import { NftShell, oneLine } from './nft-shell.js';

test('oneLine: comments go, line breaks become separators, or spaces inside lists and after braces', () => {
  const script = [
    '# generated',
    'table inet t {',
    '\tset s {',
    '\t\ttype ipv4_addr',
    '\t\telements = { 10.0.0.1,',
    '\t\t\t     10.0.0.2 }',
    '\t}',
    '\tchain c {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    '\t\tip saddr @s accept comment "a/b ingress[0]"',
    '\t}',
    '}',
    'delete element inet t s { 10.0.0.1 }',
    '',
  ].join('\n');
  assert.equal(
    oneLine(script),
    'table inet t { set s { type ipv4_addr; elements = { 10.0.0.1, 10.0.0.2 }; }; chain c { type filter hook forward priority filter; policy accept; ip saddr @s accept comment "a/b ingress[0]"; }; }; delete element inet t s { 10.0.0.1 }',
  );
});

const CLUSTER = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIPs: [{ip: 10.244.1.5}, {ip: 'fd00::5'}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {nodeName: n1, containers: [{name: c}]}
status: {podIP: 10.244.1.6}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]
`;

function wholeScript(): string {
  return replaceTableScript(compileRuleset(Engine.compile(clusterOfText(CLUSTER)), 'n1'));
}

const unavailable = labUnavailable();
describe('NftShell in a network namespace', { skip: unavailable }, () => {
  const ns = `plshell${process.pid}`;
  const nft = ['ip', 'netns', 'exec', ns, 'nft'];
  const table = () => inNamespace(ns, 'nft', ['list', 'table', 'inet', 'palisade']);
  const flush = () => inNamespace(ns, 'nft', ['flush', 'ruleset']);
  before(() => addNamespace(ns));
  after(() => deleteNamespace(ns));

  test('a whole table sent on one line is the table nft -f makes of the file', async () => {
    const script = wholeScript();
    flush();
    inNamespace(ns, 'nft', ['-f', '-'], script);
    const fromFile = table();
    flush();
    const shell = new NftShell({ command: nft, longScriptBytes: Infinity });
    try {
      await shell.apply(script);
      assert.equal(table(), fromFile);
    } finally {
      shell.close();
    }
  });

  test('a refused transaction changes nothing, says why, and the next one applies', async () => {
    flush();
    const shell = new NftShell({ command: nft });
    try {
      await shell.apply('add table inet palisade\nadd set inet palisade s { type ipv4_addr; }\n');
      await assert.rejects(shell.apply('add element inet palisade s { 10.0.0.1 }\nadd element inet palisade absent { 10.0.0.2 }\n'), (e: Error) => {
        assert.match(e.message, /nft refused the transaction: Error: No such file or directory/);
        assert.match(e.message, /absent/);
        return true;
      });
      assert.doesNotMatch(table(), /10\.0\.0\.1/);
      await shell.apply('add element inet palisade s { 10.0.0.3 }\n');
      assert.match(table(), /10\.0\.0\.3/);
    } finally {
      shell.close();
    }
  });

  test('nft gone behind its back, or restarted after its fill of input: every transaction still applies', async () => {
    flush();
    const shell = new NftShell({ command: nft, restartAfterBytes: 100 });
    try {
      await shell.apply('add table inet palisade\nadd set inet palisade s { type ipv4_addr; }\n');
      // Every process in the namespace is the shell's nft.
      for (const pid of run('ip', ['netns', 'pids', ns]).split('\n').filter(Boolean)) process.kill(Number(pid));
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 1; i <= 5; i++) await shell.apply(`add element inet palisade s { 10.0.0.${i} }\n`);
      for (let i = 1; i <= 5; i++) assert.match(table(), new RegExp(`10\\.0\\.0\\.${i}\\b`));
    } finally {
      shell.close();
    }
  });

  test('an nft without interactive mode: each transaction runs nft -f instead', async () => {
    flush();
    // As an nft built without its command line interface answers -i.
    const noCli = ['sh', '-c', 'for a; do [ "$a" = -i ] && { echo "Error: interactive CLI not supported in this build" >&2; exit 1; }; done; exec "$0" "$@"', ...nft];
    const shell = new NftShell({ command: noCli });
    try {
      await shell.apply('add table inet palisade\nadd set inet palisade s { type ipv4_addr; }\n');
      await shell.apply('add element inet palisade s { 10.0.0.7 }\n');
      assert.match(table(), /10\.0\.0\.7/);
      await assert.rejects(shell.apply('add element inet palisade absent { 10.0.0.8 }\n'), /absent/);
    } finally {
      shell.close();
    }
  });
});
