/**
 * The upstream ClusterNetworkPolicy conformance suite
 * (kubernetes-sigs/network-policy-api conformance/tests) against the engine:
 * each case starts from the model cluster and the case's manifests,
 * validated as the API server with the case's CRD channel would; each
 * subtest's mutations are applied to the objects, given to the engine
 * through its update API, and every poke must get upstream's verdict. After
 * each step a freshly compiled engine must agree with the updated one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CNP_CONFORMANCE, type Needs } from './cluster-network-policy-suite.test.helper.js';
import { CaseState, pokeText, skipReason } from './cnp-case.test.helper.js';

/** What this runner meets of the subtests' needs: the engine reads Node objects and evaluates `nodes` peers. */
const MEETS: ReadonlySet<Needs['what']> = new Set(['nodes']);

for (const c of CNP_CONFORMANCE) {
  test(`ClusterNetworkPolicy conformance: ${c.shortName} (${c.channel})`, async (t) => {
    const state = new CaseState(c.channel, c.manifests);
    const engine = state.compile();
    for (const s of c.subtests) {
      await t.test(s.name, { skip: skipReason(s, MEETS) }, () => {
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
