/**
 * The page's engine, in Node, on the data `palisade ui` embeds: its groups
 * and each port's bits are the truth table `palisade matrix --group-by
 * identity` prints, and the Map draws an edge for exactly the allowed pairs
 * that are not implied by two open sides.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCluster } from '../bench/generate-cluster.js';
import { palisade } from '../cli/run-cli.test.helper.js';
import { clusterOf, enforcedPart } from '../engine/cluster.js';
import { Engine } from '../engine/engine.js';
import { portQueryText } from '../engine/ports.js';
import type { SideVerdict, Verdict } from '../engine/types.js';
import { loadManifests } from '../sources/load.js';
import { LATEST_KUBERNETES_VERSION } from '../validation/kubernetes-version.js';
import { validateManifests } from '../validation/manifests.js';
import { PageEngine } from './page-engine.js';
import { groupReaches } from './port-bits.js';
import { exportedPageText } from './exported-page.test.helper.js';
import type { Loaded, PortView, Reply } from './protocol.js';
import { mapElements } from './views/map-elements.js';

const dir = mkdtempSync(join(tmpdir(), 'palisade-page-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function expect<T extends Reply['type']>(reply: Reply, type: T): Extract<Reply, { type: T }> {
  assert.equal(reply.type, type, reply.type === 'error' ? reply.message : '');
  return reply as Extract<Reply, { type: T }>;
}


/** Each example with the CRD channel it is written for (v1alpha1's named ports are experimental). */
const EXAMPLES: [example: string, channel: 'standard' | 'experimental'][] = [
  ['seed', 'standard'],
  ['real-world', 'standard'],
  ['lab-conformance', 'standard'],
  ['cluster-network-policy', 'standard'],
  ['admin-network-policy', 'experimental'],
  ['audit-mode', 'standard'],
];

for (const [example, channel] of EXAMPLES) {
  const input = ['-f', `examples/${example}`, '--crd-channel', channel];
  describe(`the page's engine on examples/${example}`, () => {
    let loaded: Loaded;
    let views: PortView[];
    let cli: { ports: string[]; rows: { name: string; members: string[] }[]; allowed: Record<string, string[]> };
    before(async () => {
      const engine = new PageEngine();
      loaded = expect(engine.answer({ type: 'load', data: await exportedPageText(input) }), 'loaded');
      views = loaded.ports.map((_, k) => expect(engine.answer({ type: 'port', port: k }), 'port'));
      cli = JSON.parse(palisade(['matrix', ...input, '-o', 'json', '--group-by', 'identity']).stdout) as typeof cli;
    });

    it('groups and bits: the truth table of palisade matrix --group-by identity', () => {
      assert.deepEqual(loaded.ports, cli.ports);
      assert.deepEqual(
        loaded.groups.map((g) => ({ name: g.label, members: g.members.map((m) => loaded.endpoints[m]!.ref) })),
        cli.rows,
      );
      const n = loaded.groups.length;
      for (const [k, port] of loaded.ports.entries()) {
        const shown = [...Array(n).keys()].map((i) => [...Array(n).keys()].map((j) => (groupReaches(views[k]!, i, j) ? '1' : '0')).join(''));
        assert.deepEqual(shown, cli.allowed[port], port);
      }
    });

    it('the map draws every allowed pair but those between two open sides, and nothing else', () => {
      const expanded = new Set(loaded.groups.map((g) => g.namespace));
      for (const [k, view] of views.entries()) {
        const { edges } = mapElements(loaded, view, { expanded });
        const drawn = new Set(edges.filter((e) => e.kind === 'allowed' && e.source.startsWith('g:') && e.target.startsWith('g:')).map((e) => `${e.source}>${e.target}`));
        const wanted = new Set<string>();
        loaded.groups.forEach((from, i) =>
          loaded.groups.forEach((to, j) => {
            if (!groupReaches(view, i, j) || (i === j && from.members.length === 1)) return;
            // Two open sides: no policy selects either, so the connection is implied; it must be allowed.
            if (from.egress.length === 0 && to.ingress.length === 0) return;
            wanted.add(`g:${i}>g:${j}`);
          }),
        );
        assert.deepEqual([...drawn].sort(), [...wanted].sort(), loaded.ports[k]);
        loaded.groups.forEach((from, i) => loaded.groups.forEach((to, j) => from.egress.length === 0 && to.ingress.length === 0 && (i !== j || from.members.length > 1) && assert.ok(groupReaches(view, i, j), `${from.label} → ${to.label} open to open is allowed`)));
      }
    });

    it('a collapsed namespace stands for its groups: the same pairs, counted on fewer edges', () => {
      for (const view of views) {
        const open = mapElements(loaded, view, { expanded: new Set(loaded.groups.map((g) => g.namespace)) });
        const closed = mapElements(loaded, view, { expanded: new Set() });
        const namespaceOf = (id: string) => (id.startsWith('g:') ? `ns:${loaded.groups[Number(id.slice(2))]!.namespace}` : id);
        const expected = new Map<string, number>();
        for (const e of open.edges) {
          const [s, t] = [namespaceOf(e.source), namespaceOf(e.target)];
          if (s === t && s.startsWith('ns:')) continue;
          expected.set(`${s}>${t}`, (expected.get(`${s}>${t}`) ?? 0) + e.count);
        }
        assert.deepEqual(new Map(closed.edges.map((e) => [`${e.source}>${e.target}`, e.count])), expected);
        assert.ok(closed.nodes.every((n) => n.kind === 'collapsed' || n.kind === 'outside'));
      }
    });

    it('edges to and from addresses outside: exactly the classes whose address Engine.check allows, for the sides a policy selects', () => {
      const manifests = loadManifests([`examples/${example}`]);
      const reference = Engine.compile(enforcedPart(clusterOf(manifests, validateManifests(manifests, { kubernetesVersion: LATEST_KUBERNETES_VERSION, crdChannel: channel }))));
      const ports = reference.portsOfInterest();
      assert.deepEqual(ports.map(portQueryText), loaded.ports);
      for (const [k, view] of views.entries()) {
        const q = ports[k]!;
        view.outside.classes.forEach((text, c) => {
          const ip = text.split(/[ /]/)[0]!;
          const outside = reference.resolve(ip);
          if (outside?.kind !== 'external') return; // the class's first address is a pod's: it does not stand for the class
          loaded.groups.forEach((g, i) => {
            const ep = reference.resolve(loaded.endpoints[g.members[0]!]!.ref)!;
            for (const direction of ['egress', 'ingress'] as const) {
              const admitted = view.outside[direction][i];
              if (g[direction].length === 0) {
                assert.equal(admitted, null, `${ep.ref} ${direction} is open`);
                continue;
              }
              const verdict: Verdict = direction === 'egress' ? reference.check(ep, outside, q) : reference.check(outside, ep, q);
              const side: SideVerdict = verdict[direction];
              assert.equal(admitted!.includes(c), side.allowed, `${ep.ref} ${direction} ${text} ${loaded.ports[k]}`);
            }
          });
        });
      }
    });
  });
}

it('groups that AdminNetworkPolicies and the BaselineAdminNetworkPolicy select carry their tiers (the map\'s double border)', async () => {
  const loaded = expect(new PageEngine().answer({ type: 'load', data: await exportedPageText(['-f', 'examples/admin-network-policy', '--crd-channel', 'experimental']) }), 'loaded');
  const tiersOf = (ref: string) => {
    const g = loaded.groups.find((x) => x.members.some((m) => loaded.endpoints[m]!.ref === ref))!;
    return { ingress: [...g.ingress].sort(), egress: [...g.egress].sort() };
  };
  // payments: pci-isolation and cluster-guardrails (Admin), the BaselineAdminNetworkPolicy (env exists), its NetworkPolicies.
  assert.deepEqual(tiersOf('payments/gateway').ingress.filter((t) => t !== 'namespace'), ['admin', 'baseline']);
  // monitoring has no env label: the guardrails alone.
  assert.deepEqual(tiersOf('monitoring/prometheus'), { ingress: ['admin'], egress: ['admin'] });
});

it('a table of pods up to 40 endpoints, as matrix --group-by auto; only groups above', async () => {
  const file = join(dir, 'generated.yaml');
  writeFileSync(file, generateCluster({ namespaces: 3, pods: 41, policies: 6 }));
  const big = expect(new PageEngine().answer({ type: 'load', data: await exportedPageText(['-f', file]) }), 'loaded');
  assert.equal(big.endpoints.length, 41);
  assert.equal(big.allowed, undefined);
  const small = expect(new PageEngine().answer({ type: 'load', data: await exportedPageText(['-f', 'examples/seed']) }), 'loaded');
  assert.equal(small.allowed?.[0]?.length, small.endpoints.length);
});
