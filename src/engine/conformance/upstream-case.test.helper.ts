/**
 * How a runner plays one case of a network-policy-api conformance suite
 * (ClusterNetworkPolicy, or AdminNetworkPolicy / BaselineAdminNetworkPolicy):
 * the suite's model cluster and the case's manifests, validated as the API
 * server with the case's CRD channel would, then each mutation applied to the
 * objects and handed on as an engine change. The engine runners
 * (cluster-network-policy.test.ts, admin-network-policy.test.ts: both are
 * runOnEngine below) and the lab runner
 * (src/lab/upstream-conformance-lab.test.ts) share it.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterOf, type Cluster } from '../cluster.js';
import { Engine } from '../engine.js';
import type { KubeObject } from '../../model/objects.js';
import { objectsOf } from '../../model/kinds.js';
import { loadText } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests } from '../../validation/manifests.js';
import type { Channel, ConformanceSuite, Manifest, Mutation, Needs, Poke, Subtest } from './upstream-suite.test.helper.js';
import { suiteModel, type SuiteModel } from './upstream-model.test.helper.js';

/** The documents of a vendored file, as plain objects. */
function documentsOf(suite: ConformanceSuite, key: string, channel: Channel): Manifest[] {
  const text = suite.files[key];
  assert.ok(text !== undefined, `no vendored file ${key}`);
  return loadObjects(text, key, channel).map(manifestOf);
}

/** Objects read and validated as the API server with the channel's CRD would: a case that is not valid tests nothing. */
function loadObjects(text: string, file: string, channel: Channel): KubeObject[] {
  const m = loadText(text, file);
  const report = validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: channel });
  const problems = report.diagnostics.filter((d) => d.severity === 'error' || d.message.startsWith('unknown field'));
  assert.deepEqual(problems.map((d) => `${d.file}:${d.line} ${d.object} ${d.field}: ${d.message}`), [], `${file} is not what the API server would accept`);
  // Namespaces made up for the objects in them are not the file's.
  return objectsOf(clusterOf(m, report)).filter((o) => !(o.kind === 'Namespace' && o.implicit));
}

function manifestOf(o: KubeObject): Manifest {
  return JSON.parse(JSON.stringify({ ...o, origin: undefined })) as Manifest;
}

const keyOf = (o: Manifest) => {
  const meta = o['metadata'] as { name?: string; namespace?: string };
  return `${String(o['kind'])}/${meta.namespace ?? ''}/${meta.name}`;
};

/** The objects of a case, by kind/namespace/name, in the order they were created: the suite's model's, then the manifests' (keys of its files). */
export class CaseState {
  readonly objects = new Map<string, Manifest>();
  private readonly model: SuiteModel;

  constructor(
    suite: ConformanceSuite,
    readonly channel: Channel,
    manifests: string[] = [],
  ) {
    this.model = suiteModel(suite.files);
    for (const o of [...this.model.objects(), ...manifests.flatMap((key) => documentsOf(suite, key, channel))]) this.objects.set(keyOf(o), o);
  }

  text(): string {
    return [...this.objects.values()].map((o) => JSON.stringify(o)).join('\n---\n');
  }

  /** The cluster as the objects are now. */
  cluster(): Cluster {
    const m = loadText(this.text(), 'case.yaml');
    return clusterOf(m, validateManifests(m, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: this.channel }));
  }

  /** A fresh engine on the objects as they are now. */
  compile(): Engine {
    return Engine.compile(this.cluster());
  }

  /** Applies a mutation to the objects and returns the engine's change for it. */
  mutate(m: Mutation): Parameters<Engine['apply']>[0] {
    if ('delete' in m) {
      const { kind, name, namespace } = m.delete;
      assert.ok(this.objects.delete(`${kind}/${namespace ?? ''}/${name}`), `${m.what}: no ${kind} ${name}`);
      return { op: 'delete', kind, ...(namespace ? { namespace } : {}), name };
    }
    const key = `${m.kind}/${m.namespace ?? ''}/${m.patch}`;
    const current = this.objects.get(key);
    assert.ok(current, `${m.what}: no ${key}`);
    const next = structuredClone(current);
    m.apply(next, this.model.info);
    this.objects.set(key, next);
    const [object] = loadObjects(JSON.stringify(next), `${m.what}.json`, this.channel);
    assert.ok(object, `${m.what}: the patched object is not valid`);
    return { op: 'upsert', object };
  }
}

/** Why a runner that meets only `met` skips the subtest (its needs' reason), or false to run it. */
export function skipReason(s: Subtest, met: ReadonlySet<Needs['what']>): string | false {
  return s.needs && !met.has(s.needs.what) ? `${s.needs.what}: ${s.needs.why}` : false;
}

export function pokeText(p: Poke): string {
  return `${p.from} → ${p.to} ${p.port}/${p.protocol}: upstream expects ${p.allowed ? 'allowed' : 'denied'}`;
}

/**
 * The suite against the engine: each case starts from the model cluster and
 * the case's manifests, validated as the API server with the case's CRD
 * channel would; each subtest's mutations are applied to the objects, given
 * to the engine through its update API, and every poke must get upstream's
 * verdict. After each step a freshly compiled engine must agree with the
 * updated one. SCTP pokes run too (only the lab, without SCTP sockets, skips
 * them).
 */
export function runOnEngine(suite: ConformanceSuite, meets: ReadonlySet<Needs['what']>): void {
  for (const c of suite.cases) {
    test(`${suite.title} conformance: ${c.shortName} (${c.channel})`, async (t) => {
      const state = new CaseState(suite, c.channel, c.manifests);
      const engine = state.compile();
      for (const s of c.subtests) {
        await t.test(s.name, { skip: skipReason(s, meets) }, () => {
          for (const step of s.steps) {
            for (const m of step.mutations) engine.apply(state.mutate(m));
            const fresh = state.compile();
            for (const p of step.pokes) {
              const from = engine.resolve(p.from);
              const to = engine.resolve(p.to);
              assert.ok(from && to, `${pokeText(p)}: unknown pod`);
              const port = { protocol: p.protocol, port: p.port };
              const verdict = engine.check(from, to, port);
              assert.equal(verdict.allowed, p.allowed, `${pokeText(p)}\n${JSON.stringify(verdict, null, 1)}`);
              assert.equal(fresh.allowed(fresh.resolve(p.from)!, fresh.resolve(p.to)!, port), p.allowed, `${pokeText(p)}: a freshly compiled engine disagrees`);
            }
          }
        });
      }
    });
  }
}
