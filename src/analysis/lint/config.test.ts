/** .palisade.yaml: what it accepts, and errors that name the file, line, column and what would be right. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LintConfigError, parseLintConfig } from './config.js';

function error(text: string): LintConfigError {
  try {
    parseLintConfig(text, 'cfg.yaml');
  } catch (e) {
    assert.ok(e instanceof LintConfigError, String(e));
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

test('checks by ID or name, any case, set off or to a severity', () => {
  const text = 'lint:\n  checks:\n    PAL004: off\n    ipblock-covers-pods: error\n    pal009: Warning\n    redundant: false\n';
  assert.deepEqual(parseLintConfig(text, 'cfg.yaml'), { checks: { PAL004: 'off', PAL005: 'error', PAL009: 'warning', PAL007: 'off' }, file: 'cfg.yaml' });
});

test('empty files, empty sections and other top-level sections are fine', () => {
  assert.deepEqual(parseLintConfig('', 'c').checks, {});
  assert.deepEqual(parseLintConfig('lint:\n', 'c').checks, {});
  assert.deepEqual(parseLintConfig('lint:\n  checks:\n', 'c').checks, {});
  assert.deepEqual(parseLintConfig('diff:\n  anything: 1\n', 'c').checks, {});
});

test('mistakes name the line and column and say what would be right', () => {
  const unknown = error('lint:\n  checks:\n    PAL004: off\n    ipblock-covers-pod: error\n');
  assert.deepEqual([unknown.file, unknown.line, unknown.column], ['cfg.yaml', 4, 5]);
  assert.match(unknown.message, /^cfg\.yaml:4:5: unknown check "ipblock-covers-pod": the checks are PAL001 \(policy-selects-nothing\), /);
  const setting = error('lint:\n  checks:\n    PAL004: fatal\n');
  assert.deepEqual([setting.line, setting.column], [3, 13]);
  assert.match(setting.problem, /"PAL004": "fatal" is not a setting: write one of off, error, warning, info/);
  assert.match(error('lint:\n  checks:\n    PAL004: off\n    peer-split-selectors: error\n').problem, /PAL004 \(peer-split-selectors\) is already set, as "PAL004"/);
  assert.match(error('lint:\n  check:\n    PAL004: off\n').problem, /unknown key "check" under "lint": the keys are "checks" and "dns"/);
  assert.match(error('lint:\n  checks: [PAL004]\n').problem, /"checks" must be a map/);
  assert.match(error('lint: off\n').problem, /"lint" must be a map/);
  assert.match(error('- lint\n').problem, /the config must be a map/);
  const syntax = error('lint:\n  checks: {PAL004: off\n');
  assert.match(syntax.problem, /^not valid YAML: /);
  assert.match(error('lint:\n  checks:\n    PAL004: off\n    PAL004: error\n').problem, /not valid YAML: .*unique/i);
});

test('dns: DNS pods or addresses, with ports and protocols (default 53, UDP and TCP); absent, the default stays', () => {
  const text = `lint:
  dns:
  - namespace: kube-system
    labels: {k8s-app: kube-dns}
  - ip: 169.254.20.10        # NodeLocal DNSCache
    protocols: udp
  - namespace: openshift-dns
    labels:
      dns.operator.openshift.io/daemonset-dns: default
    ports: 5353
    protocols: [TCP, UDP]
  - {ip: "fd00:0::a", ports: [53, 5353], protocols: [UDP]}
`;
  assert.deepEqual(parseLintConfig(text, 'c').dns, [
    { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
    { ip: '169.254.20.10', ports: [{ protocol: 'UDP', port: 53 }] },
    { namespace: 'openshift-dns', labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: [{ protocol: 'TCP', port: 5353 }, { protocol: 'UDP', port: 5353 }] },
    { ip: 'fd00::a', ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'UDP', port: 5353 }] },
  ]);
  assert.deepEqual(parseLintConfig('lint:\n  dns:\n  - namespace: openshift-dns\n', 'c').dns, [{ namespace: 'openshift-dns', labels: {}, ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }]);
  assert.equal('dns' in parseLintConfig('lint:\n  checks:\n    PAL004: off\n', 'c'), false);
});

test('dns mistakes name the line and column and say what would be right', () => {
  const at = (text: string) => {
    const e = error(`lint:\n  dns:\n${text}`);
    return `${e.line}:${e.column}: ${e.problem}`;
  };
  assert.match(at('  - namespace: kube-system\n    podSelector: {k8s-app: kube-dns}\n'), /^4:5: unknown key "podSelector" in a DNS target: the keys are namespace, labels, ip, ports, protocols$/);
  assert.match(at('  - ip: 169.254.20.10\n    namespace: kube-system\n'), /^4:16: a DNS target is pods \(namespace, labels\) or an address \(ip\), not both/);
  assert.match(at('  - ip: 169.254.20.0/24\n'), /^3:9: "ip": "169\.254\.20\.0\/24" is not an IP address: write one address, e\.g\. 169\.254\.20\.10/);
  assert.match(at('  - labels: {k8s-app: kube-dns}\n'), /^3:13: a DNS target needs "namespace" \(with "labels"\) for DNS pods, or "ip" for an address/);
  assert.match(at('  - namespace: Kube_System\n'), /^3:16: "namespace": "Kube_System" is not a namespace name: a lowercase RFC 1123 label/);
  assert.match(at('  - namespace: kube-system\n    labels: [k8s-app]\n'), /^4:13: "labels" must be a map of the labels the DNS pods carry/);
  assert.match(at('  - namespace: kube-system\n    labels: {k8s-app: true}\n'), /^4:23: label "k8s-app": true is not a string: quote it, e.g. k8s-app: "true"$/);
  assert.match(at('  - namespace: kube-system\n    labels: {"k8s app": kube-dns}\n'), /^4:14: label key "k8s app": name part must consist of/);
  assert.match(at('  - namespace: kube-system\n    ports: [53, "dns"]\n'), /^4:17: "ports": "dns" is not a port number from 1 to 65535, e\.g\. \[53\] or \[53, 5353\]$/);
  assert.match(at('  - namespace: kube-system\n    ports: 70000\n'), /^4:12: "ports": 70000 is not a port number/);
  assert.match(at('  - namespace: kube-system\n    ports: [53, 53]\n'), /^4:17: "ports": 53 is listed twice$/);
  assert.match(at('  - namespace: kube-system\n    protocols: [UDP, SCTP]\n'), /^4:22: "protocols": "SCTP" is not UDP, TCP or both/);
  assert.match(at('  - namespace: kube-system\n    protocols: []\n'), /^4:16: "protocols" is empty: write UDP, TCP or both/);
  assert.match(at('  - kube-dns\n'), /^3:5: a DNS target is a map: pods \(\{namespace, labels\}\) or an address \(\{ip\}\)/);
  assert.match(at('    namespace: kube-system\n'), /^3:5: "dns" must be a list of DNS targets, e\.g\. "- \{namespace: kube-system, labels: \{k8s-app: kube-dns\}\}" or "- \{ip: 169\.254\.20\.10\}"$/);
  assert.match(at('    []\n'), /^3:5: "dns" lists no target: .* or turn the check off with "checks: \{PAL006: off\}"$/);
  assert.match(error('lint:\n  dns:\n').problem, /"dns" lists no target/);
});
