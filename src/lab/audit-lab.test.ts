/**
 * Audit mode with real packets: the node agent enforces the shop while a
 * default deny and a ClusterNetworkPolicy Deny are in audit mode. Every
 * connection attempt between the shop's pods fares exactly as without the
 * audited policies; each one they would deny (and the enforced policies let
 * through) gives exactly one `would deny` line naming the side and rule the
 * engine with them enforced names, in its words; each dropped one gives one
 * `denied` line as before; the audit counters move by exactly those
 * attempts, apart from the enforcing ones. Needs root, nftables and tcpdump.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withoutColour } from '../cli/format/color.js';
import { formatVerdict } from '../cli/format/verdict.js';
import { enforcedPart } from '../engine/cluster.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { Engine } from '../engine/engine.js';
import type { Verdict } from '../engine/types.js';
import { assertDeniedFlowLines, expectedRecord, tcpdumpMissing } from './denied-records.test.helper.js';
import { Lab } from './lab.js';
import { labUnavailable } from './netns.js';
import { planLab } from './plan.js';
import { DB_STAYS_HOME, SHOP, SHOP_PORT } from './shop.test.helper.js';

const unavailable = labUnavailable() ?? tcpdumpMissing();
const skip = unavailable ? `skipped: ${unavailable}` : false;

const LOCKDOWN = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lockdown, namespace: shop, annotations: {palisade.dev/enforcement: audit}}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
const CLUSTER = [SHOP, LOCKDOWN, DB_STAYS_HOME].join('---');
const PORT = SHOP_PORT;
const PODS = ['shop/web', 'shop/db', 'shop/other'];

test('audit mode: no packet fares otherwise, and each attempt the audited policies would deny is one "would deny" line, counted apart', { skip }, async () => {
  const cluster = clusterOfText(CLUSTER, 'cluster.yaml');
  const enforced = Engine.compile(enforcedPart(cluster));
  const withAudit = Engine.compile(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'palisade-audit-'));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, CLUSTER);
  // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
  const lab = new Lab(planLab(cluster, 1), { timeoutMs: 600 });
  try {
    lab.build();
    lab.startNodeAgents(['-f', file, '--log-denied']);
    await lab.nodeAgentsReconciled(0);
    await lab.startAgents([PORT]);
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump starts after the first round
    const mark = lab.nodeAgentLogMark();
    const pairs = PODS.flatMap((from) => PODS.filter((to) => to !== from).map((to) => ({ from, to, port: PORT })));
    const results = await lab.probePairs(pairs, 1);

    // The lab compares with the engine the nodes enforce, audited policies left out.
    assert.deepEqual(results.filter((r) => r.observed !== r.expected), [], 'every attempt fares as without the audited policies');
    const verdict = (e: Engine, from: string, to: string): Verdict => e.check(e.resolve(from)!, e.resolve(to)!, PORT, { reasons: true });
    const wouldDeny = pairs.filter(({ from, to }) => verdict(enforced, from, to).allowed && !verdict(withAudit, from, to).allowed);
    const denied = pairs.filter(({ from, to }) => !verdict(enforced, from, to).allowed);
    // Not a vacuous proof: the audited policies would deny at both sides, by rule and by default.
    assert.deepEqual(wouldDeny.map((p) => `${p.from} ${p.to}`), ['shop/web shop/other', 'shop/db shop/web', 'shop/db shop/other', 'shop/other shop/web']);

    const lines = await linesAfter(lab, mark, wouldDeny.length + denied.length);
    const record = (l: Record<string, unknown>) => ({ from: l['from'], to: l['to'], protocol: l['protocol'], direction: l['direction'], pod: l['pod'], deniedBy: l['deniedBy'] });
    const expect = (e: Engine) => (p: { from: string; to: string }) => expectedRecord(e, p.from, p.to, PORT);
    assert.deepEqual(lines.filter((l) => l['msg'] === 'would deny').map(record), wouldDeny.map(expect(withAudit)), 'one would-deny line per attempt, naming the side and rule');
    assert.deepEqual(lines.filter((l) => l['msg'] === 'denied').map(record), denied.map(expect(enforced)), 'the real drops as before');
    for (const l of lines.filter((x) => x['msg'] === 'would deny')) {
      const [f, t] = [withAudit.resolve(l['from'] as string)!, withAudit.resolve(l['to'] as string)!];
      assert.deepEqual(l['explanation'], withoutColour(formatVerdict(withAudit, f, t, PORT, withAudit.check(f, t, PORT, { reasons: true }))).split('\n'), 'the words of check --include-audit');
      assert.equal(l['outcome'], 'would deny');
    }

    assertDeniedFlowLines(lines);
    const counters = await lab.readCounters(0);
    const packets = (comment: string) => counters.find((c) => c.comment === comment)?.packets ?? 0;
    // db → web stops at db's egress (a would-be deny is logged once), so web's ingress counts other → web only.
    assert.equal(packets('shop/web ingress default-deny (audit)'), 1, 'other → web');
    assert.equal(packets('shop/other ingress default-deny (audit)'), 1, 'web → other');
    assert.equal(packets('db-stays-home egress[0] deny (audit)'), 2, 'db → web and db → other');
    assert.equal(packets('shop/db ingress default-deny'), 1, 'the one real drop: other → db');
    assert.equal(packets('shop/db ingress default-deny (audit)'), 0, 'a dropped packet never reaches the audit chains');
  } finally {
    lab.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The `denied` and `would deny` lines after `mark`, once `count` have come (or after 5 s). */
async function linesAfter(lab: Lab, mark: number, count: number): Promise<Record<string, unknown>[]> {
  const logged = () => lab.nodeAgentLogsSince(mark).filter((l) => l['msg'] === 'denied' || l['msg'] === 'would deny');
  const deadline = Date.now() + 5000;
  while (logged().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  return logged();
}
