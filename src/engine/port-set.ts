/**
 * Sets of ports per protocol, as sorted disjoint inclusive intervals: what a
 * connection between two endpoints may use, written the way np-guard's
 * connlist writes it (`All Connections`, `TCP 1-79,81-65535,UDP 53`).
 */
import { MAX_PORT, MIN_PORT } from './ports.js';
import { PROTOCOLS, type Protocol } from './types.js';

export type Interval = [lo: number, hi: number];

/** A protocol with no allowed port is left out. */
export type PortSet = Partial<Record<Protocol, Interval[]>>;

export function allPorts(): PortSet {
  return Object.fromEntries(PROTOCOLS.map((p) => [p, [[MIN_PORT, MAX_PORT]]]));
}

/** Adds intervals in place, keeping them sorted, disjoint and merged with their neighbours. */
export function addPorts(set: PortSet, protocol: Protocol, intervals: readonly Interval[]): void {
  if (intervals.length === 0) return;
  const all = [...(set[protocol] ?? []), ...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [lo, hi] of all) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  set[protocol] = merged;
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
  const out: PortSet = {};
  for (const p of PROTOCOLS) {
    const x = a[p] ?? [];
    const y = b[p] ?? [];
    const both: Interval[] = [];
    for (let i = 0, j = 0; i < x.length && j < y.length; ) {
      const lo = Math.max(x[i]![0], y[j]![0]);
      const hi = Math.min(x[i]![1], y[j]![1]);
      if (lo <= hi) both.push([lo, hi]);
      if (x[i]![1] < y[j]![1]) i++;
      else j++;
    }
    if (both.length > 0) out[p] = both;
  }
  return out;
}

/** The ports of `a` that are not in `b`. */
export function subtractPorts(a: PortSet, b: PortSet): PortSet {
  const out: PortSet = {};
  for (const p of PROTOCOLS) {
    let kept: Interval[] = a[p] ?? [];
    for (const [lo, hi] of b[p] ?? []) {
      kept = kept.flatMap(([x, y]): Interval[] => {
        if (hi < x || lo > y) return [[x, y]];
        const parts: Interval[] = [];
        if (x < lo) parts.push([x, lo - 1]);
        if (hi < y) parts.push([hi + 1, y]);
        return parts;
      });
    }
    if (kept.length > 0) out[p] = kept;
  }
  return out;
}

export function isEmptyPortSet(set: PortSet): boolean {
  return PROTOCOLS.every((p) => !set[p]?.length);
}

/** `All Connections`, `No Connections`, or protocols in alphabetical order: `SCTP 1-65535,TCP 1-79,81-65535`. */
export function portSetText(set: PortSet): string {
  if (PROTOCOLS.every((p) => set[p]?.length === 1 && set[p]![0]![0] === MIN_PORT && set[p]![0]![1] === MAX_PORT)) return 'All Connections';
  const parts = [...PROTOCOLS]
    .sort()
    .filter((p) => set[p]?.length)
    .map((p) => `${p} ${set[p]!.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`);
  return parts.length === 0 ? 'No Connections' : parts.join(',');
}
