/** "Did you mean": the names closest to one that was not found. */
import leven from 'leven';
import { listed, orList } from '../model/list-text.js';

/**
 * How far `candidate` is from `wanted` in edits, ignoring case, when it is
 * close enough to be what was meant (a third of `wanted`'s length, at least
 * one edit); undefined when it is not.
 */
export function closeness(wanted: string, candidate: string): number | undefined {
  const max = Math.max(1, Math.floor(wanted.length / 3));
  const distance = leven(wanted.toLowerCase(), candidate.toLowerCase(), { maxDistance: max + 1 });
  return distance <= max ? distance : undefined;
}

/** The candidates close to `wanted`, closest first, ties in input order. */
export function similar(wanted: string, candidates: Iterable<string>): string[] {
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    const distance = closeness(wanted, name);
    if (distance !== undefined) scored.push({ name, distance });
  }
  return scored.sort((a, b) => a.distance - b.distance).map((s) => s.name);
}

/** For a node no pod names: `did you mean node-a? the input's pods run on node-a, node-b`. */
export function knownNodesHint(node: string, nodes: readonly string[]): string {
  const meant = similar(node, nodes);
  return `${meant.length > 0 ? `did you mean ${orList(meant)}? ` : ''}the input's pods run on ${nodes.length > 0 ? listed(nodes, 8) : 'no node'}`;
}
