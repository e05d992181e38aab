/**
 * The denied-flow log with real packets: node agents run with --log-denied
 * in the lab, and every connection attempt a rule or a default deny drops
 * gives exactly one `denied` line naming what dropped it, with the words
 * `palisade check` has for that flow; allowed connections give none. Then a
 * flood shows the rate limit holding while the other pods' connections still
 * go through. Needs root, nftables and tcpdump.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withoutColour } from '../cli/format/color.js';
import { formatVerdict } from '../cli/format/verdict.js';
import { Engine } from '../engine/engine.js';
import { clusterOfText } from '../engine/cluster-text.test.helper.js';
import { assertDeniedFlowLines, tcpdumpMissing } from './denied-records.test.helper.js';
import { Lab } from './lab.js';
import { labUnavailable } from './netns.js';
import { planLab } from './plan.js';
import { SHOP, SHOP_PORT } from './shop.test.helper.js';

const unavailable = labUnavailable() ?? tcpdumpMissing();
const skip = unavailable ? `skipped: ${unavailable}` : false;

const CLUSTER = [
  SHOP,
  `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: keep-other-off-web}
spec:
  tier: Admin
  priority: 10
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
  ingress: [{name: other, action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: other}}}}]}]
`,
].join('---');

const PORT = SHOP_PORT;
const LIMIT = 5;

test('--log-denied: one line per dropped attempt, naming the rule or default deny that dropped it, with check\'s words; a flood is held to the rate', { skip }, async () => {
  const readersBefore = readers();
  const cluster = clusterOfText(CLUSTER, 'cluster.yaml');
  const engine = Engine.compile(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'palisade-denied-'));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, CLUSTER);
  // Under the first SYN retransmission (1 s): a dropped attempt is one packet.
  const lab = new Lab(planLab(cluster, 1), { timeoutMs: 600 });
  try {
    lab.build();
    lab.startNodeAgents(['-f', file, '--log-denied', '--log-denied-rate', String(LIMIT)]);
    await lab.nodeAgentsReconciled(0);
    await lab.startAgents([PORT]);
    // tcpdump starts after the first round: give it a moment to listen.
    await new Promise((r) => setTimeout(r, 1000));
    const mark = lab.nodeAgentLogMark();
    const probes = [
      { from: 'shop/web', to: 'shop/db', port: PORT },
      { from: 'shop/other', to: 'shop/db', port: PORT },
      { from: 'shop/other', to: 'shop/web', port: PORT },
      { from: 'shop/other', to: 'shop/db', port: PORT },
    ];
    const results = await lab.probePairs(probes, 1);
    assert.deepEqual(results.map((r) => r.outcome), ['answered', 'timeout', 'timeout', 'timeout']);
    const denied = await deniedLines(lab, mark, 3);
    assert.equal(denied.length, 3, JSON.stringify(denied));
    const words = (from: string, to: string) => {
      const [f, t] = [engine.resolve(from)!, engine.resolve(to)!];
      return withoutColour(formatVerdict(engine, f, t, PORT, engine.check(f, t, PORT, { reasons: true }))).split('\n');
    };
    const expected = [
      { from: 'shop/other', to: 'shop/db', direction: 'ingress', pod: 'shop/db', deniedBy: 'default deny' },
      { from: 'shop/other', to: 'shop/web', direction: 'ingress', pod: 'shop/web', deniedBy: { policy: 'keep-other-off-web', tier: 'admin', rule: 0 } },
      { from: 'shop/other', to: 'shop/db', direction: 'ingress', pod: 'shop/db', deniedBy: 'default deny' },
    ];
    assert.deepEqual(
      denied.map((d) => ({ from: d['from'], to: d['to'], direction: d['direction'], pod: d['pod'], deniedBy: d['deniedBy'] })),
      expected,
    );
    for (const d of denied) {
      assert.equal(d['protocol'], 'TCP');
      assert.equal(d['port'], 5432);
      assert.deepEqual(d['explanation'], words(d['from'] as string, d['to'] as string), 'the words of palisade check');
      assert.match(String(d['packetAt']), /^\d{4}-\d\d-\d\dT/);
    }
    assertDeniedFlowLines(denied);
    assert.match((denied[1]!['explanation'] as string[])[0]!, /^DENIED {2}shop\/other → shop\/web on 5432\/TCP$/);

    // A flood of attempts: the log holds to the rate, and web still reaches db meanwhile.
    const floodMark = lab.nodeAgentLogMark();
    const started = Date.now();
    const flood = await lab.probePairs(Array.from({ length: 40 }, () => ({ from: 'shop/other', to: 'shop/db', port: PORT })), 40);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(flood.every((r) => r.outcome === 'timeout'));
    const during = await lab.probePairs([{ from: 'shop/web', to: 'shop/db', port: PORT }], 1);
    assert.deepEqual(during.map((r) => r.outcome), ['answered']);
    await new Promise((r) => setTimeout(r, 500));
    const logged = lab.nodeAgentLogsSince(floodMark).filter((l) => l['msg'] === 'denied').length;
    // The burst, then the rate for the time the flood took.
    assert.ok(logged >= 1 && logged <= LIMIT + Math.ceil(seconds * LIMIT) + 1, `${logged} lines for 40 attempts in ${seconds.toFixed(1)} s at ${LIMIT}/s`);
  } finally {
    lab.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
  // The agents were killed outright: their tcpdumps went with them.
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(readers(), readersBefore, 'no tcpdump left reading NFLOG');
});

/** The tcpdump processes reading an NFLOG group, by pid. */
function readers(): string[] {
  try {
    return execFileSync('pgrep', ['-f', 'tcpdump -i nflog:'], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

/** The `denied` lines after `mark`, once `count` have come (or after 5 s). */
async function deniedLines(lab: Lab, mark: number, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = lab.nodeAgentLogsSince(mark).filter((l) => l['msg'] === 'denied');
    if (lines.length >= count || Date.now() > deadline) {
      await new Promise((r) => setTimeout(r, 300));
      return lab.nodeAgentLogsSince(mark).filter((l) => l['msg'] === 'denied');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
