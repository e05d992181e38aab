/**
 * How a runner plays one ClusterNetworkPolicy conformance case: the model
 * cluster and the case's manifests, validated as the API server with the
 * case's CRD channel would, then each mutation applied to the objects and
 * handed on as an engine change. The engine runner
 * (cluster-network-policy.test.ts) and the lab runner
 * (src/lab/cluster-network-policy-lab.test.ts) share it.
 * (Named *.test.helper.ts: the test runner does not run it and the package
 * leaves it out.)
 */
import assert from 'node:assert/strict';
import { clusterOf, type Cluster } from '../cluster.js';
import { Engine } from '../engine.js';
import type { KubeObject } from '../../model/objects.js';
import { objectsOf } from '../../model/kinds.js';
import { loadText } from '../../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../../validation/kubernetes-version.js';
import { validateManifests } from '../../validation/manifests.js';
import type { Channel, Manifest, Mutation, Needs, Poke, Subtest } from './cluster-network-policy-suite.test.helper.js';
import { FILES } from './cnp-suite/files.js';
import { modelInfo, modelObjects } from './cnp-model.test.helper.js';

/** The documents of a vendored file, as plain objects. */
function documentsOf(key: string, channel: Channel): Manifest[] {
  const text = FILES[key];
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

/** The objects of a case, by kind/namespace/name, in the order they were created: the model's, then the manifests' (keys of FILES). */
export class CaseState {
  readonly objects = new Map<string, Manifest>();

  constructor(
    readonly channel: Channel,
    manifests: string[] = [],
  ) {
    for (const o of [...modelObjects(), ...manifests.flatMap((key) => documentsOf(key, channel))]) this.objects.set(keyOf(o), o);
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
    m.apply(next, modelInfo);
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
