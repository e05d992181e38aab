/**
 * What the page draws for one port, computed in the worker from the truth
 * table: which identity group may reach which (as `palisade matrix
 * --group-by identity` decides its cells), and, for the sides some policy
 * selects, which classes of addresses outside the cluster they admit.
 */
import { addressClasses, classesAdmitted, type AddressClass } from '../engine/address-classes.js';
import type { Bitset } from '../engine/bitset.js';
import type { Engine } from '../engine/engine.js';
import type { CompiledBlock } from '../engine/policies.js';
import type { TruthTable } from '../engine/truth-table.js';
import type { PortView } from './protocol.js';

export function portView(engine: Engine, table: TruthTable, port: number, classes: AddressClass[] = addressClasses([engine])): PortView {
  const n = table.groups.length;
  const wordsPerRow = Math.ceil(n / 32);
  const words = new Uint32Array(wordsPerRow * n);
  // The identities' rows answer for groups, but a group with itself (its pod to itself when alone) and host-network pods (node-local traffic): those ask groupAllowed.
  const rows = table.identityRows(port);
  const ids = table.groups.map((g) => g.identity.id);
  const special = table.groups.map((g) => table.endpoints[g.members[0]!]!.hostNetwork === true);
  for (let i = 0; i < n; i++) {
    const row = rows.get(ids[i]!)!;
    for (let j = 0; j < n; j++) {
      const ok = i === j || special[i] || special[j] ? table.groupAllowed(i, j, port) : row.has(ids[j]!);
      if (ok) words[i * wordsPerRow + (j >>> 5)]! |= 1 << (j & 31);
    }
  }
  const blocks = new Map<CompiledBlock, Bitset>();
  const q = table.ports[port]!;
  const admitted = (direction: 'ingress' | 'egress') =>
    table.groups.map(({ members }) => {
      const bits = classesAdmitted(engine, table.endpoints[members[0]!]!, direction, q, classes, blocks);
      return bits && [...bits];
    });
  return { type: 'port', port, wordsPerRow, words, outside: { classes: classes.map((c) => c.text), ingress: admitted('ingress'), egress: admitted('egress') } };
}
