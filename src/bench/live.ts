/** Issue #12's figures: commands and the agent against a live cluster (a test API server in a process of its own). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { addNamespace, deleteNamespace, labUnavailable } from '../lab/netns.js';
import { row, verdict } from './measure.js';

const WORKER = fileURLToPath(new URL('./live-worker.js', import.meta.url));

export function benchLive(): void {
  // With root and nft, the worker runs in a network namespace of its own, where its agent applies with nft as on a node.
  const unavailable = labUnavailable();
  const ns = `plive${process.pid}`;
  if (!unavailable) addNamespace(ns);
  let f: Record<string, number | string>;
  try {
    const command = unavailable ? [process.execPath, '--expose-gc', WORKER] : ['ip', 'netns', 'exec', ns, process.execPath, '--expose-gc', WORKER, '--apply'];
    f = JSON.parse(execFileSync(command[0]!, command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, number | string>;
  } finally {
    if (!unavailable) deleteNamespace(ns);
  }
  const n = (k: string) => Number(f[k]);
  console.log('\nlive cluster (a test API server speaking the real protocol, in another process)');
  console.log(row('check --cluster, 10,000 pods, 2,000 policies', `${(n('check10kMs') / 1000).toFixed(2)} s`, `${verdict(n('check10kMs'), 2000)} (<= 2 s); whole CLI run: list in pages, validate, compile, one check; median of 3`));
  console.log(row('check --cluster, 50,000 pods, 10,000 policies', `${(n('check50kMs') / 1000).toFixed(2)} s`, `${verdict(n('check50kMs'), 10_000)} (<= 10 s)`));
  console.log(row('agent: first ruleset applied (10,000 pods)', `${(n('agentFirstApplyMs') / 1000).toFixed(2)} s`, 'list, validate, compile, apply'));
  const applied = f['applied'] ? ` (applied ${f['applied']})` : ' (applied with nft, in a network namespace)';
  console.log(row('agent: pod relabel, watch event -> enforced, p50', `${n('relabelP50Ms').toFixed(1)} ms`, `${verdict(n('relabelP50Ms'), 20)} (<= 20 ms); 200 relabels of node-0's pods${applied}`));
  console.log(row('  p99', `${n('relabelP99Ms').toFixed(1)} ms`, `${verdict(n('relabelP99Ms'), 100)} (<= 100 ms)`));
  console.log(row('  from the API write, p50 / p99', `${n('relabelFromWriteP50Ms').toFixed(1)} ms`, `p99 ${n('relabelFromWriteP99Ms').toFixed(1)} ms`));
  console.log(
    row(
      'agent: heap after 10,000 / 100,000 events',
      `${n('heapAfter10kEventsMiB').toFixed(0)} MiB`,
      `${n('heapAfter100kEventsMiB').toFixed(0)} MiB after ${n('events')} events (after GC); RSS ${n('rssAfter10kEventsMiB').toFixed(0)} -> ${n('rssAfter100kEventsMiB').toFixed(0)} MiB`,
    ),
  );
}
