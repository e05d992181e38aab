/**
 * The conformance model and harness themselves: the model is what upstream
 * builds, expectations combine as upstream's do, and a wrong expectation fails
 * with readable truth tables (a harness that cannot fail would make every
 * conformance test worthless).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchLabels, ModelCluster, runScenario, TCP } from './harness.test.helper.js';
import { allPodStrings, modelManifests, networkPolicyManifest, podIP, portName, Reachability, sideBySide, TruthTable } from './model.js';

describe('conformance model', () => {
  test('has the pods of upstream, each with its own IP, serving named ports 80 and 81 on every protocol', () => {
    assert.deepEqual(allPodStrings(), ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c']);
    assert.equal(podIP('x/a'), '10.0.1.1');
    assert.equal(podIP('z/c'), '10.0.3.3');
    assert.equal(new Set(allPodStrings().map(podIP)).size, 9);
    assert.equal(portName(80, 'SCTP'), 'serve-80-sctp');

    const cluster = new ModelCluster();
    const xa = cluster.endpoint('x/a');
    assert.equal(xa.kind, 'pod');
    if (xa.kind !== 'pod') return;
    assert.deepEqual(xa.labels, { pod: 'a' });
    assert.deepEqual(xa.ips, ['10.0.1.1']);
    assert.deepEqual(
      xa.namedPorts.map((p) => `${p.name}=${p.protocol}/${p.port}`).sort(),
      ['serve-80-sctp=SCTP/80', 'serve-80-tcp=TCP/80', 'serve-80-udp=UDP/80', 'serve-81-sctp=SCTP/81', 'serve-81-tcp=TCP/81', 'serve-81-udp=UDP/81'],
    );
    assert.equal(modelManifests().length, 12);
  });

  test('namespaces carry `ns` and the automatic kubernetes.io/metadata.name label', () => {
    const cluster = new ModelCluster();
    assert.deepEqual(cluster.engine.namespaceLabelsOf('y'), { ns: 'y', 'kubernetes.io/metadata.name': 'y' });
  });

  test('with no policy every pod reaches every pod on every port and protocol', () => {
    const cluster = new ModelCluster();
    for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
      for (const port of [80, 81]) cluster.validate({ protocol, port }, new Reachability(true), `${protocol}/${port}`);
    }
  });
});

describe('reachability expectations', () => {
  test('combine as upstream: a default, then overrides in order', () => {
    const r = new Reachability(true)
      .expectPeer({}, { namespace: 'x' }, false)
      .expectAllIngress('x/a', true)
      .expectAllEgress('z/c', false)
      .expect('z/c', 'y/b', true)
      .expectPeer({ pod: 'b' }, { namespace: 'x', pod: 'c' }, true);
    const t = r.expected;
    assert.equal(t.get('y/a', 'x/b'), false);
    assert.equal(t.get('y/a', 'x/a'), true);
    assert.equal(t.get('z/c', 'x/a'), false, 'expectAllEgress came after expectAllIngress');
    assert.equal(t.get('z/c', 'y/b'), true);
    assert.equal(t.get('z/c', 'y/a'), false);
    assert.equal(t.get('y/b', 'x/c'), true);
    assert.equal(t.get('y/a', 'x/c'), false);
    r.allowLoopback();
    assert.equal(t.get('x/b', 'x/b'), true);
  });

  test('print as upstream: rows from, columns to, . allowed, X denied', () => {
    const t = new TruthTable(['x/a', 'x/b'], true);
    t.set('x/b', 'x/a', false);
    assert.equal(t.toString(), ['-   x/a x/b', 'x/a .   .', 'x/b X   .'].join('\n'));
    assert.equal(
      sideBySide([
        { title: 'expected:', table: t },
        { title: 'observed:', table: new TruthTable(['x/a', 'x/b'], false) },
      ]),
      ['expected:      observed:', '-   x/a x/b    -   x/a x/b', 'x/a .   .      x/a X   X', 'x/b X   .      x/b X   X'].join('\n'),
    );
  });
});

describe('conformance harness', () => {
  test('fails a wrong expectation and shows expected and observed tables side by side', () => {
    const wrong = {
      name: 'a deliberately wrong expectation',
      policies: [networkPolicyManifest('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })],
      // claims x/b stays reachable from y/c: it is not
      steps: [{ probe: TCP(80), expect: new Reachability(true).expectPeer({}, { namespace: 'x' }, false).expect('y/c', 'x/b', true) }],
    };
    assert.throws(
      () => runScenario(wrong),
      (e: Error) => {
        assert.match(e.message, /a deliberately wrong expectation, step 1 of 1: 1 wrong cell\(s\) in the TCP\/80 reachability matrix/);
        assert.match(e.message, /expected TCP\/80:\s+observed:\s+comparison/);
        // the y/c rows of expected, observed and comparison, next to each other
        assert.match(e.message, /^y\/c X {3}\. {3}X .*y\/c X {3}X {3}X .*y\/c \. {3}X {3}\./m);
        assert.match(e.message, /y\/c -> x\/b: expected allowed, observed denied: .*ingress of x\/b denies \(no-rule-matched \[x\/deny-ingress\]\)/);
        return true;
      },
    );
  });

  test('refuses a scenario the API server would refuse', () => {
    const invalid = {
      name: 'invalid policy',
      policies: [networkPolicyManifest('x', 'bad', { podSelector: matchLabels({ pod: 'a' }), ingress: [{ ports: [{ port: 80, protocol: 'tcp' }] }] })],
      steps: [{ probe: TCP(80), expect: new Reachability(true) }],
    };
    assert.throws(() => runScenario(invalid), /model\.yaml is not what the API server would accept:[\s\S]*spec\.ingress\[0\]\.ports\[0\]\.protocol/);
  });
});
