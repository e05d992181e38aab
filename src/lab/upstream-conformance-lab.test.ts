/**
 * The upstream conformance suites, ClusterNetworkPolicy (v1alpha2) and
 * AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1, v0.1.8), as
 * src/engine/conformance plays them on the engine, with real packets:
 * the model's pods (the same in both) (base/manifests.yaml's StatefulSets) as network
 * namespaces on its two nodes, each case's policies and each subtest's
 * mutations applied to the engine and the nodes' rulesets, and every TCP and
 * UDP poke tried. A poke must get upstream's verdict and the engine's, and a
 * denied one must time out (dropped), as upstream requires, not be refused.
 * The rulesets log their drops (when tcpdump is here to read them): each
 * denied TCP poke must be exactly one denied-flow record naming the side,
 * and the Deny rule or default deny, that the engine names. SCTP pokes are
 * skipped: this kernel has no SCTP sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ANP_SUITE } from '../engine/conformance/admin-network-policy-suite.test.helper.js';
import { CNP_SUITE } from '../engine/conformance/cluster-network-policy-suite.test.helper.js';
import type { Needs, Poke } from '../engine/conformance/upstream-suite.test.helper.js';
import { CaseState, pokeText, skipReason } from '../engine/conformance/upstream-case.test.helper.js';
import type { PortQuery } from '../engine/types.js';
import type { DeniedLog } from '../dataplane/counters.js';
import { byPair, DeniedRecorder, expectedRecord, tcpdumpMissing } from './denied-records.test.helper.js';
import { Lab } from './lab.js';
import { labUnavailable, namespacesWithPrefix } from './netns.js';
import { planLab } from './plan.js';

const unavailable = labUnavailable();
const skip = unavailable ? `skipped: ${unavailable}` : false;
const NO_SCTP = 'no SCTP sockets on this kernel';
/** High enough that no poke of a step goes unlogged; none without tcpdump. */
const LOG: DeniedLog | undefined = tcpdumpMissing() ? undefined : { group: 4245, perSecond: 10_000 };

/**
 * What the lab meets of the subtests' needs: `nodes`. Its nodes hold the
 * model's addresses (the Node objects' InternalIPs), and the host-network
 * centaur pods listen on them in their nodes' namespaces, so a pod's
 * connection to centaur-1 on its own node crosses that node's input hook,
 * and one from another node its forward hook.
 */
const MEETS: ReadonlySet<Needs['what']> = new Set(['nodes']);

const portOf = (p: Poke): PortQuery => ({ protocol: p.protocol, port: p.port });

/** Each pod's servers, as the pokes aim at them: upstream's agnhost containers serve ports their pod specs do not declare. */
const served = new Map<string, PortQuery[]>();
const SUITES = [CNP_SUITE, ANP_SUITE];
for (const p of SUITES.flatMap((suite) => suite.cases).flatMap((c) => c.subtests.flatMap((s) => s.steps.flatMap((step) => step.pokes)))) {
  if (p.protocol !== 'SCTP') served.set(p.to, [...(served.get(p.to) ?? []), portOf(p)]);
}

describe('upstream conformance with real packets', { skip }, () => {
  let lab: Lab;
  let recorder: DeniedRecorder | undefined;
  before(async () => {
    // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
    lab = new Lab(planLab(new CaseState(CNP_SUITE, 'standard').cluster(), 2), { timeoutMs: 800 });
    lab.build();
    await lab.startAgents([], (ref) => served.get(ref) ?? []);
    recorder = LOG && new DeniedRecorder(lab, LOG);
    await recorder?.start();
  });
  after(() => {
    recorder?.stop();
    lab.teardown();
    assert.deepEqual(namespacesWithPrefix(lab.prefix), []);
    assert.deepEqual(recorder?.errors ?? [], []);
  });

  /** The pokes' differences from upstream and the engine: a poke upstream allows is answered, one it denies times out. */
  const probe = async (pokes: Poke[]): Promise<string[]> => {
    const rulesets = lab.applyRulesets(LOG);
    const mark = recorder?.mark() ?? 0;
    const results = await lab.probePairs(pokes.map((p) => ({ from: p.from, to: p.to, port: portOf(p) })));
    assert.equal(results.length, pokes.length, 'one address per pod');
    if (recorder) {
      const denied = pokes.filter((p, i) => p.protocol === 'TCP' && !results[i]!.expected);
      const records = (await recorder.recordsSince(mark, denied.length, rulesets, lab.engine)).filter((r) => r.protocol === 'TCP');
      assert.deepEqual(records.sort(byPair), denied.map((p) => expectedRecord(lab.engine, p.from, p.to, portOf(p))).sort(byPair), 'one denied-flow record per denied TCP poke, naming its side and rule');
    }
    return pokes.flatMap((p, i) => {
      const r = results[i]!;
      if (r.outcome === (p.allowed ? 'answered' : 'timeout') && r.expected === p.allowed) return [];
      return [`${pokeText(p)}; the engine says ${r.expected ? 'allowed' : 'denied'}; the packets were ${r.outcome}`];
    });
  };

  for (const [suite, c] of SUITES.flatMap((suite) => suite.cases.map((c) => [suite, c] as const))) {
    test(`${suite.title} packets: ${c.shortName} (${c.channel})`, async (t) => {
      const state = new CaseState(suite, c.channel, c.manifests);
      lab.engine = state.compile();
      const count = { TCP: 0, UDP: 0, SCTP: 0 };
      for (const s of c.subtests) {
        await t.test(s.name, { skip: skipReason(s, MEETS) }, async (st) => {
          let probed = 0;
          for (const [i, step] of s.steps.entries()) {
            for (const m of step.mutations) lab.engine.apply(state.mutate(m));
            for (const p of step.pokes) count[p.protocol]++;
            const pokes = step.pokes.filter((p) => p.protocol !== 'SCTP');
            if (pokes.length === 0) continue;
            probed += pokes.length;
            assert.deepEqual(await probe(pokes), [], `step ${i + 1}: packets differ`);
          }
          // The mutations above still ran: later subtests start from them.
          if (probed === 0) st.skip(`SCTP only: ${NO_SCTP}`);
        });
      }
      t.diagnostic(`${count.TCP} TCP and ${count.UDP} UDP pokes probed; ${count.SCTP} SCTP pokes skipped (${NO_SCTP})`);
    });
  }
});
