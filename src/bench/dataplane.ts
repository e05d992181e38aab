/** Issue #4's figures: the node ruleset's compile, apply and update times, and connection set-up with many unrelated policies. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { row, verdict } from './measure.js';

const WORKER = fileURLToPath(new URL('./dataplane-worker.js', import.meta.url));

/** The worker's figures, from a process of its own; `args` as its usage says. */
export function runDataplaneWorker(args: string[] = []): Record<string, number | string | undefined> {
  return JSON.parse(execFileSync(process.execPath, [WORKER, ...args], { encoding: 'utf8' })) as Record<string, number | string | undefined>;
}

export function benchDataplane(): void {
  const f = runDataplaneWorker();
  const n = (k: string) => Number(f[k]);
  console.log('\ndata plane (a node with 500 local pods in a 10,000-pod, 2,000-policy cluster)');
  console.log(row('compile the node ruleset', `${n('compileMs').toFixed(0)} ms`, `${verdict(n('compileMs'), 1000)} (<= 1000 ms); ${n('localPods')} pods, ${(n('rulesetBytes') / 1024).toFixed(0)} KiB of nft text`));
  if (f['skipped']) {
    console.log(row('apply, updates, connection rates', 'skipped', String(f['skipped'])));
    return;
  }
  console.log(row('apply it (one nft transaction)', `${n('applyMs').toFixed(0)} ms`, `${verdict(n('applyMs'), 1000)} (<= 1000 ms)`));
  console.log(row('/metrics scrape with the node counters', `${n('scrapeMs').toFixed(0)} ms`, `${verdict(n('scrapeMs'), 50)} (<= 50 ms); ${n('counters')} counters read with one nft list counters, median of 7`));
  console.log(row('one pod relabelled -> rules updated', `${n('relabelUpdateMs').toFixed(0)} ms`, `${verdict(n('relabelUpdateMs'), 100)} (<= 100 ms); issue #9: ${verdict(n('relabelUpdateMs'), 50)} (<= 50 ms); engine update + node ruleset + the changes applied to an nft kept running (as the agent does), median of 10`));
  console.log(row('one pod added -> rules updated', `${n('addUpdateMs').toFixed(0)} ms`, `${verdict(n('addUpdateMs'), 100)} (<= 100 ms)`));
  const ratio = n('connectionsPerSecond5000Policies') / n('connectionsPerSecondNoPolicies');
  console.log(row('TCP connections/s between two unselected pods', `${n('connectionsPerSecondNoPolicies').toFixed(0)}/s`, 'no policies'));
  console.log(
    row(
      '  the same with 5,000 policies selecting others',
      `${n('connectionsPerSecond5000Policies').toFixed(0)}/s`,
      `ratio ${ratio.toFixed(2)} (${verdict(0.9, ratio)} >= 0.9); ruleset ${(n('busyRulesetBytes') / 1024).toFixed(0)} KiB`,
    ),
  );
  const counted = n('connectionsPerSecondCounted') / n('connectionsPerSecondUncounted');
  console.log(row('TCP connections/s to a pod a rule allows, counted', `${n('connectionsPerSecondCounted').toFixed(0)}/s`, `the same ruleset without counters ${n('connectionsPerSecondUncounted').toFixed(0)}/s: ratio ${counted.toFixed(2)} (${verdict(0.9, counted)} >= 0.9)`));
  const watched = n('connectionsPerSecondWatched') / n('connectionsPerSecondUncounted');
  console.log(
    row(
      'the same, counted, logged, and each connection a would-deny of an audited policy',
      `${n('connectionsPerSecondWatched').toFixed(0)}/s`,
      `without counters, log or audit chains ${n('connectionsPerSecondUncounted').toFixed(0)}/s: ratio ${watched.toFixed(2)} (${verdict(0.9, watched)} >= 0.9); ${n('wouldDenyLogged')} would-deny lines read at the limit of 100/s`,
    ),
  );
}
