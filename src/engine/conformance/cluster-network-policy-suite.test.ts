/**
 * Checks the transcription of the ClusterNetworkPolicy conformance suite
 * (cluster-network-policy-suite.test.helper.ts) and its model cluster
 * (cnp-model.test.helper.ts) against what was vendored from upstream
 * (cnp-suite/files.ts): no engine runs here. The ConformanceTests, t.Run
 * names and PokeServer calls are compared with what
 * scripts/vendor-cnp-conformance.mjs read out of upstream's Go source.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  CNP_CONFORMANCE,
  type ConformanceCase,
  type Manifest,
  type Mutation,
  type Poke,
} from './cluster-network-policy-suite.test.helper.js';
import { MODEL_NODES, modelInfo, modelObjects, modelPods } from './cnp-model.test.helper.js';
import { FILES, POKE_COUNTS, UPSTREAM, UPSTREAM_TESTS } from './cnp-suite/files.js';

const POLICY_KINDS: Record<string, string> = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
  NetworkPolicy: 'networking.k8s.io/v1',
};

function parseFile(key: string): Manifest[] {
  const text = FILES[key];
  assert.ok(text !== undefined, `FILES has no ${key}`);
  return parseAllDocuments(text).map((doc, i) => {
    assert.deepEqual(doc.errors, [], `${key} document ${i} does not parse`);
    const value: unknown = doc.toJS();
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${key} document ${i} is not an object`);
    return value as Manifest;
  });
}

const metadataOf = (o: Manifest) => (o['metadata'] ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };

const pokesOf = (c: ConformanceCase) => c.subtests.flatMap((s) => s.steps.flatMap((step) => step.pokes));

const hostNetworkPods = new Set(
  modelObjects()
    .filter((o) => o['kind'] === 'Pod' && (o['spec'] as { hostNetwork?: boolean }).hostNetwork === true)
    .map((o) => `${metadataOf(o).namespace}/${metadataOf(o).name}`),
);

describe('vendored ClusterNetworkPolicy conformance files', () => {
  it(`come from ${UPSTREAM.repository} at one commit, with every template rendered`, () => {
    assert.match(UPSTREAM.commit, /^[0-9a-f]{40}$/);
    assert.ok(Object.keys(FILES).length > 0);
    for (const [key, text] of Object.entries(FILES)) {
      assert.ok(text.includes(`#   commit: ${UPSTREAM.commit}`), `${key} does not name the commit`);
      assert.ok(text.includes('Apache License'), `${key} does not name the license`);
      assert.ok(!text.includes('{{'), `${key} has a Go template action left`);
      parseFile(key);
    }
  });
});

describe('ClusterNetworkPolicy conformance transcription', () => {
  it('has every registered upstream ConformanceTest, in upstream order', () => {
    assert.deepEqual(
      CNP_CONFORMANCE.map((c) => c.shortName),
      UPSTREAM_TESTS.map((t) => t.shortName),
    );
    assert.ok(UPSTREAM_TESTS.every((t) => t.registered));
  });

  for (const c of CNP_CONFORMANCE) {
    describe(c.shortName, () => {
      const upstream = UPSTREAM_TESTS.find((t) => t.shortName === c.shortName);

      it('has upstream’s channel, features, manifests and subtests', () => {
        assert.ok(upstream, 'not an upstream test');
        assert.equal(c.channel, upstream.channel);
        assert.deepEqual(c.features, upstream.features);
        assert.deepEqual(c.manifests, upstream.manifests);
        assert.deepEqual(
          c.subtests.map((s) => s.name),
          upstream.subtests.map((s) => s.name),
        );
      });

      it('pokes as many times as upstream calls PokeServer, and the same pokes in the same order', () => {
        assert.equal(pokesOf(c).length, POKE_COUNTS[c.shortName]);
        assert.ok(upstream);
        c.subtests.forEach((s, i) => {
          const pokes: Poke[] = s.steps.flatMap((step) => step.pokes);
          assert.deepEqual(pokes, upstream.subtests[i]?.pokes, `subtest ${JSON.stringify(s.name)}`);
        });
      });

      it('applies manifests that parse as ClusterNetworkPolicies and NetworkPolicies', () => {
        assert.ok(c.manifests.length > 0);
        for (const key of c.manifests) {
          for (const doc of parseFile(key)) {
            const kind = String(doc['kind']);
            assert.ok(kind in POLICY_KINDS, `${key}: unexpected kind ${kind}`);
            assert.equal(doc['apiVersion'], POLICY_KINDS[kind], `${key}: ${kind} apiVersion`);
            assert.ok(metadataOf(doc).name, `${key}: a ${kind} without a name`);
            assert.equal(typeof doc['spec'], 'object', `${key}: a ${kind} without a spec`);
          }
        }
      });

      it('pokes from and to pods of the model, and marks the subtests that need nodes', () => {
        const pods = new Set(modelPods());
        for (const s of c.subtests) {
          const pokes = s.steps.flatMap((step) => step.pokes);
          assert.ok(pokes.length > 0, `${s.name}: no pokes`);
          for (const p of pokes) {
            assert.ok(pods.has(p.from), `${s.name}: client ${p.from} is not in the model`);
            assert.ok(pods.has(p.to), `${s.name}: server ${p.to} is not in the model`);
            assert.ok(!hostNetworkPods.has(p.from), `${s.name}: client ${p.from} is a host-network pod`);
            assert.ok(Number.isInteger(p.port) && p.port > 0 && p.port < 65536, `${s.name}: port ${p.port}`);
          }
          const toHost = pokes.some((p) => hostNetworkPods.has(p.to));
          assert.equal(s.needs?.what === 'nodes', toHost, `${s.name}: needs nodes exactly when it pokes a host-network pod`);
          if (s.needs) assert.ok(s.needs.why.length > 0);
        }
      });

      it('mutates objects that exist at that point, without error', () => {
        // The objects as upstream has them when the test starts: the base namespaces and the test's manifests.
        let objects: Manifest[] = [...modelObjects().filter((o) => o['kind'] === 'Namespace'), ...c.manifests.flatMap(parseFile)];
        const find = (kind: string, name: string, namespace?: string) =>
          objects.findIndex((o) => o['kind'] === kind && metadataOf(o).name === name && metadataOf(o).namespace === namespace);
        for (const s of c.subtests) {
          for (const m of s.steps.flatMap((step) => step.mutations) as Mutation[]) {
            if ('delete' in m) {
              const i = find(m.delete.kind, m.delete.name, m.delete.namespace);
              assert.ok(i >= 0, `${s.name}: deletes ${m.delete.kind} ${m.delete.name}, which does not exist`);
              objects = objects.filter((_, j) => j !== i);
            } else {
              const i = find(m.kind, m.patch, m.namespace);
              assert.ok(i >= 0, `${s.name}: patches ${m.kind} ${m.patch}, which does not exist`);
              const copy = structuredClone(objects[i]!);
              m.apply(copy, modelInfo);
              assert.equal(copy['kind'], m.kind);
              assert.equal(metadataOf(copy).name, m.patch, `${s.name}: ${m.what} renames the object`);
              objects[i] = copy;
            }
          }
        }
      });
    });
  }

  it('keeps a test’s changes for its later subtests (egress-tcp after both swaps)', () => {
    const c = CNP_CONFORMANCE.find((x) => x.shortName === 'CNPAdminTierEgressTCP')!;
    const cnp = parseFile(c.manifests[0]!)[0]!;
    for (const m of c.subtests.flatMap((s) => s.steps.flatMap((step) => step.mutations))) {
      assert.ok('patch' in m);
      m.apply(cnp, modelInfo);
    }
    const names = ((cnp['spec'] as { egress: { name: string }[] }).egress).map((r) => r.name);
    assert.deepEqual(names, [
      'pass-to-ravenclaw-everything',
      'allow-to-ravenclaw-everything',
      'deny-to-ravenclaw-everything',
      'pass-to-slytherin-at-port-80',
      'deny-to-slytherin-at-port-80',
      'allow-to-hufflepuff-at-port-8080',
      'deny-to-hufflepuff-everything-else',
    ]);
  });

  it('puts the model’s pod IPs into the inserted networks peer', () => {
    const c = CNP_CONFORMANCE.find((x) => x.shortName === 'CNPAdminTierEgressInlineCIDRPeers')!;
    const cnp = parseFile(c.manifests[0]!)[0]!;
    const m = c.subtests[1]!.steps[0]!.mutations[0]!;
    assert.ok('patch' in m);
    m.apply(cnp, modelInfo);
    const first = (cnp['spec'] as { egress: unknown[] }).egress[0];
    assert.deepEqual(first, {
      name: 'allow-egress-to-specific-podIPs',
      action: 'Accept',
      to: [
        {
          networks: [
            `${modelInfo.podIP('network-policy-conformance-ravenclaw/luna-lovegood-0')}/32`,
            `${modelInfo.podIP('network-policy-conformance-hufflepuff/cedric-diggory-0')}/32`,
          ],
        },
      ],
    });
  });
});

describe('ClusterNetworkPolicy conformance model cluster', () => {
  const objects = modelObjects();
  const of = (kind: string) => objects.filter((o) => o['kind'] === kind);

  it('has the namespaces of base/manifests.yaml, labelled as the API server would', () => {
    const fromFile = parseFile('base/manifests.yaml').filter((d) => d['kind'] === 'Namespace');
    assert.deepEqual(
      of('Namespace').map((n) => metadataOf(n).name),
      fromFile.map((n) => metadataOf(n).name),
    );
    for (const ns of of('Namespace')) assert.equal(metadataOf(ns).labels?.['kubernetes.io/metadata.name'], metadataOf(ns).name);
  });

  it('has each StatefulSet replica as a running pod with its own IP, host-network pods on their node’s IP', () => {
    const sets = parseFile('base/manifests.yaml').filter((d) => d['kind'] === 'StatefulSet');
    const expected = sets.flatMap((s) => {
      const replicas = (s['spec'] as { replicas: number }).replicas;
      return Array.from({ length: replicas }, (_, i) => `${metadataOf(s).namespace}/${metadataOf(s).name}-${i}`);
    });
    assert.deepEqual(modelPods(), expected);
    assert.equal(hostNetworkPods.size, 2);

    const nodeIP = new Map(MODEL_NODES.map((n) => [n.name, n.internalIP]));
    const podIPs = new Set<string>();
    for (const pod of of('Pod')) {
      const spec = pod['spec'] as { nodeName: string; hostNetwork?: boolean; containers: unknown[] };
      const status = pod['status'] as { phase: string; podIP: string; podIPs: { ip: string }[] };
      const name = `${metadataOf(pod).namespace}/${metadataOf(pod).name}`;
      assert.equal(status.phase, 'Running');
      assert.ok(nodeIP.has(spec.nodeName), `${name} runs on an unknown node`);
      assert.deepEqual(status.podIPs, [{ ip: status.podIP }]);
      assert.equal(modelInfo.podIP(name), status.podIP);
      assert.ok(spec.containers.length > 0);
      assert.ok(metadataOf(pod).labels?.['conformance-house'], `${name} has no conformance-house label`);
      if (spec.hostNetwork) {
        assert.equal(status.podIP, nodeIP.get(spec.nodeName), `${name} is host-network: its IP is its node's`);
      } else {
        assert.ok(!podIPs.has(status.podIP), `${name}: IP ${status.podIP} is taken`);
        podIPs.add(status.podIP);
      }
    }
    // The two host-network replicas bind the same ports: they must be on different nodes.
    const hostNodes = of('Pod')
      .filter((p) => (p['spec'] as { hostNetwork?: boolean }).hostNetwork)
      .map((p) => (p['spec'] as { nodeName: string }).nodeName);
    assert.equal(new Set(hostNodes).size, hostNodes.length);
  });

  it('has Node objects that the suite’s `nodes:` selectors (kubernetes.io/os: linux) match', () => {
    assert.deepEqual(
      of('Node').map((n) => metadataOf(n).name),
      MODEL_NODES.map((n) => n.name),
    );
    for (const node of of('Node')) {
      const labels = metadataOf(node).labels ?? {};
      assert.equal(labels['kubernetes.io/os'], 'linux');
      assert.equal(labels['kubernetes.io/hostname'], metadataOf(node).name);
      const addresses = (node['status'] as { addresses: { type: string; address: string }[] }).addresses;
      assert.ok(addresses.some((a) => a.type === 'InternalIP'));
    }
  });

  it('is a fresh copy on each call', () => {
    const a = modelObjects();
    (a[0]!['metadata'] as { name: string }).name = 'changed';
    assert.notEqual(metadataOf(modelObjects()[0]!).name, 'changed');
  });
});
