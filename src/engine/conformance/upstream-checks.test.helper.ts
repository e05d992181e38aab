/**
 * Checks a transcription of a network-policy-api conformance suite
 * (cluster-network-policy-suite.test.helper.ts,
 * admin-network-policy-suite.test.helper.ts) and its model cluster
 * (upstream-model.test.helper.ts) against what was vendored from upstream
 * (cnp-suite/files.ts, anp-suite/files.ts): no engine runs here. The
 * ConformanceTests, t.Run names, the number of changes each subtest makes and
 * the PokeServer calls are compared with what scripts/vendor-conformance.mjs
 * read out of upstream's Go source; the manifests, and each object after each
 * mutation, must be what the API server with the case's CRD channel accepts.
 * The suites' test files (cluster-network-policy-suite.test.ts,
 * admin-network-policy-suite.test.ts) call checkSuite and add what is their
 * own.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { CaseState } from './upstream-case.test.helper.js';
import { MODEL_NODES, suiteModel } from './upstream-model.test.helper.js';
import type { ConformanceCase, ConformanceSuite, Manifest, Mutation, Poke } from './upstream-suite.test.helper.js';

/** What the vendor script read out of upstream's Go source (a files.ts module's exports). */
export interface Vendored {
  POKE_COUNTS: Readonly<Record<string, number>>;
  UPSTREAM_TESTS: readonly {
    shortName: string;
    registered: boolean;
    channel: string;
    features: readonly string[];
    manifests: readonly string[];
    subtests: readonly { name: string; mutations: number; pokes: readonly Poke[] }[];
  }[];
}

/** The documents of a vendored file, parsed as they are (no validation). */
export function parseFile(suite: ConformanceSuite, key: string): Manifest[] {
  const text = suite.files[key];
  assert.ok(text !== undefined, `the vendored files have no ${key}`);
  return parseAllDocuments(text).map((doc, i) => {
    assert.deepEqual(doc.errors, [], `${key} document ${i} does not parse`);
    const value: unknown = doc.toJS();
    assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${key} document ${i} is not an object`);
    return value as Manifest;
  });
}

const metadataOf = (o: Manifest) => (o['metadata'] ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };

const pokesOf = (c: ConformanceCase) => c.subtests.flatMap((s) => s.steps.flatMap((step) => step.pokes));
const mutationsOf = (c: ConformanceCase) => c.subtests.flatMap((s) => s.steps.flatMap((step) => step.mutations));

/** Plays a case's manifests and mutations on a CaseState of the channel: the first refusal, or undefined when the API server would take them all. */
function refusal(suite: ConformanceSuite, c: ConformanceCase, channel: ConformanceCase['channel']): string | undefined {
  try {
    const state = new CaseState(suite, channel, c.manifests);
    for (const m of mutationsOf(c)) state.mutate(m);
    return undefined;
  } catch (e) {
    if (e instanceof assert.AssertionError) return e.message;
    throw e;
  }
}

/**
 * The objects a case's manifests create, parsed as they are, after all the
 * case's patches of them, in order (patches of other objects, such as a
 * namespace's labels, are not played here).
 */
export function policiesAfter(suite: ConformanceSuite, shortName: string): Manifest[] {
  const c = suite.cases.find((x) => x.shortName === shortName);
  assert.ok(c, `no case ${shortName}`);
  const policies = c.manifests.flatMap((key) => parseFile(suite, key));
  for (const m of mutationsOf(c)) {
    if (!('patch' in m)) continue;
    const target = policies.find((o) => o['kind'] === m.kind && metadataOf(o).name === m.patch && metadataOf(o).namespace === m.namespace);
    if (target) m.apply(target, suiteModel(suite.files).info);
  }
  return policies;
}

/** The names of the rules of one direction of a policy. */
export function ruleNames(policy: Manifest | undefined, gress: 'ingress' | 'egress'): string[] {
  assert.ok(policy);
  return ((policy['spec'] as Record<string, { name: string }[] | undefined>)[gress] ?? []).map((r) => r.name);
}

/**
 * The checks every suite's transcription must pass. An experimental case
 * must be refused by the standard CRDs (its manifests or a patch use a field
 * only the experimental channel has), unless `standardCRDsAccept` names it,
 * with the reason, as one the standard CRDs accept all the same.
 */
export function checkSuite(suite: ConformanceSuite, vendored: Vendored, standardCRDsAccept: Readonly<Record<string, string>> = {}): void {
  const { POKE_COUNTS, UPSTREAM_TESTS } = vendored;
  const model = suiteModel(suite.files);
  const hostNetworkPods = new Set(
    model
      .objects()
      .filter((o) => o['kind'] === 'Pod' && (o['spec'] as { hostNetwork?: boolean }).hostNetwork === true)
      .map((o) => `${metadataOf(o).namespace}/${metadataOf(o).name}`),
  );

  describe(`vendored ${suite.title} conformance files`, () => {
    it(`come from ${suite.upstream.repository} at one commit (${suite.upstream.ref}), with every template rendered`, () => {
      assert.match(suite.upstream.commit, /^[0-9a-f]{40}$/);
      assert.ok(Object.keys(suite.files).length > 0);
      for (const [key, text] of Object.entries(suite.files)) {
        assert.ok(text.includes(`#   commit: ${suite.upstream.commit}`), `${key} does not name the commit`);
        assert.ok(text.includes('Apache License'), `${key} does not name the license`);
        assert.ok(!text.includes('{{'), `${key} has a Go template action left`);
        parseFile(suite, key);
      }
    });

    it('are all applied by some test, except base/manifests.yaml, which Setup applies', () => {
      const applied = new Set(suite.cases.flatMap((c) => c.manifests));
      assert.deepEqual(
        Object.keys(suite.files).filter((key) => !applied.has(key)),
        ['base/manifests.yaml'],
      );
    });
  });

  describe(`${suite.title} conformance transcription`, () => {
    it('names only its own experimental cases as ones the standard CRDs accept', () => {
      for (const name of Object.keys(standardCRDsAccept)) {
        assert.equal(suite.cases.find((c) => c.shortName === name)?.channel, 'experimental', name);
      }
    });

    it('has every registered upstream ConformanceTest, in upstream order', () => {
      assert.deepEqual(
        suite.cases.map((c) => c.shortName),
        UPSTREAM_TESTS.map((t) => t.shortName),
      );
      assert.ok(UPSTREAM_TESTS.every((t) => t.registered));
    });

    for (const c of suite.cases) {
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

        it('makes as many changes in each subtest as upstream calls Patch and Delete there', () => {
          assert.ok(upstream);
          assert.deepEqual(
            c.subtests.map((s) => s.steps.flatMap((step) => step.mutations).length),
            upstream.subtests.map((s) => s.mutations),
          );
        });

        it(`applies manifests that parse as ${Object.keys(suite.policyKinds).join(', ')}`, () => {
          assert.ok(c.manifests.length > 0);
          for (const key of c.manifests) {
            for (const doc of parseFile(suite, key)) {
              const kind = String(doc['kind']);
              assert.ok(kind in suite.policyKinds, `${key}: unexpected kind ${kind}`);
              assert.equal(doc['apiVersion'], suite.policyKinds[kind], `${key}: ${kind} apiVersion`);
              assert.ok(metadataOf(doc).name, `${key}: a ${kind} without a name`);
              assert.equal(typeof doc['spec'], 'object', `${key}: a ${kind} without a spec`);
            }
          }
        });

        it('pokes from and to pods of the model, and marks the subtests that need nodes', () => {
          const pods = new Set(model.pods());
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
          let objects: Manifest[] = [...model.objects().filter((o) => o['kind'] === 'Namespace'), ...c.manifests.flatMap((key) => parseFile(suite, key))];
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
                m.apply(copy, model.info);
                assert.equal(copy['kind'], m.kind);
                assert.equal(metadataOf(copy).name, m.patch, `${s.name}: ${m.what} renames the object`);
                objects[i] = copy;
              }
            }
          }
        });

        it(`is what the API server with the ${c.channel} CRDs accepts, its manifests and each object it patches`, () => {
          assert.equal(refusal(suite, c, c.channel), undefined);
        });

        if (c.channel === 'experimental') {
          const accepted = standardCRDsAccept[c.shortName];
          if (accepted === undefined) {
            it('is not what the API server with the standard CRDs accepts (the experimental channel matters)', () => {
              assert.notEqual(refusal(suite, c, 'standard'), undefined);
            });
          } else {
            it(`is what the API server with the standard CRDs accepts too: ${accepted}`, () => {
              assert.equal(refusal(suite, c, 'standard'), undefined);
            });
          }
        }
      });
    }
  });

  describe(`${suite.title} conformance model cluster`, () => {
    const objects = model.objects();
    const of = (kind: string) => objects.filter((o) => o['kind'] === kind);

    it('has the namespaces of base/manifests.yaml, labelled as the API server would', () => {
      const fromFile = parseFile(suite, 'base/manifests.yaml').filter((d) => d['kind'] === 'Namespace');
      assert.deepEqual(
        of('Namespace').map((n) => metadataOf(n).name),
        fromFile.map((n) => metadataOf(n).name),
      );
      for (const ns of of('Namespace')) assert.equal(metadataOf(ns).labels?.['kubernetes.io/metadata.name'], metadataOf(ns).name);
    });

    it('has each StatefulSet replica as a running pod with its own IP, host-network pods on their node’s IP', () => {
      const sets = parseFile(suite, 'base/manifests.yaml').filter((d) => d['kind'] === 'StatefulSet');
      const expected = sets.flatMap((s) => {
        const replicas = (s['spec'] as { replicas: number }).replicas;
        return Array.from({ length: replicas }, (_, i) => `${metadataOf(s).namespace}/${metadataOf(s).name}-${i}`);
      });
      assert.deepEqual(model.pods(), expected);
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
        assert.equal(model.info.podIP(name), status.podIP);
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
      const a = model.objects();
      (a[0]!['metadata'] as { name: string }).name = 'changed';
      assert.notEqual(metadataOf(model.objects()[0]!).name, 'changed');
    });
  });
}
