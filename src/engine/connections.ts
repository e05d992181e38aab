/**
 * Every port a connection may use, rather than one port at a time: per pair
 * of endpoints, the intervals per protocol that both the source's egress and
 * the destination's ingress allow; and from that the list of allowed
 * connections of a cluster (np-guard's connlist), with the world outside as
 * address ranges cut where the policies' ipBlocks cut it.
 */
import type { Engine } from './engine.js';
import { addressAtoms, ipBlockRanges } from './address-classes.js';
import { addressInRange, formatAddress, rangeDifference } from './ip.js';
import { intersectPorts, isEmptyPortSet, portSetText, type PortSet } from './port-set.js';
import { destinationNamedPorts, entryPorts, PORT_OPS } from './side-matches.js';
import { evaluateSide, isNodeLocal, settledBefore } from './side-policy.js';
import { DIRECTIONS, type Direction, type Endpoint, type ExternalEndpoint, type PodEndpoint } from './types.js';

/** The ports on which `from` may open a connection to `to`. */
export function allowedPorts(engine: Engine, from: Endpoint, to: Endpoint): PortSet {
  return intersectPorts(sidePorts(engine, 'egress', from, to), sidePorts(engine, 'ingress', to, from));
}

/** The ports `subject`'s own side admits with `other` (named ports resolved on the destination). */
function sidePorts(engine: Engine, direction: Direction, subject: Endpoint, other: Endpoint): PortSet {
  if (settledBefore(subject, other)) return PORT_OPS.all;
  const pod = subject as PodEndpoint;
  const dstNamedPorts = destinationNamedPorts(direction, pod, other);
  const far = engine.farEnd(other);
  const opts = isNodeLocal(pod, other) ? { nodeLocal: PORT_OPS.all } : undefined;
  return evaluateSide(engine.compiledSide(engine.identityOf(pod), direction), PORT_OPS, (entry) => entryPorts(entry, far, dstNamedPorts, engine.ipBlockMatchesPods), opts);
}

export interface Connection {
  /** An endpoint ref (`ns/name`, `ns/kind/name`), or addresses outside the cluster (`0.0.0.0/0`, `10.0.0.0-10.0.0.9`). */
  from: string;
  to: string;
  fromKind: 'pod' | 'workload' | 'external';
  toKind: 'pod' | 'workload' | 'external';
  /** connlist's wording: `All Connections`, `TCP 1-79,81-65535,UDP 53`. */
  connections: string;
  ports: PortSet;
}

/**
 * Every allowed connection between two different endpoints of `endpoints`
 * and between each of them and the addresses outside the cluster, sorted by
 * source then destination. With `focus`, only those from or to it.
 */
export function connectionList(engine: Engine, endpoints: PodEndpoint[], opts: { focus?: PodEndpoint } = {}): Connection[] {
  const out: Connection[] = [];
  const add = (from: Endpoint | Span, to: Endpoint | Span, ports: PortSet) => {
    if (isEmptyPortSet(ports)) return;
    out.push({ from: labelOf(from), to: labelOf(to), fromKind: kindOf(from), toKind: kindOf(to), connections: portSetText(ports), ports });
  };
  // Pods of one identity have the same connections, except where a host-network pod is involved (node-local traffic).
  const cache = new Map<string, PortSet>();
  const between = (a: Endpoint, b: Endpoint, key: string | undefined): PortSet => {
    if (key === undefined) return allowedPorts(engine, a, b);
    let ports = cache.get(key);
    if (!ports) cache.set(key, (ports = allowedPorts(engine, a, b)));
    return ports;
  };
  const keyOf = (ep: PodEndpoint) => (ep.hostNetwork ? undefined : engine.identityOf(ep).id);
  for (const a of endpoints) {
    for (const b of endpoints) {
      if (a === b || (opts.focus && opts.focus !== a && opts.focus !== b)) continue;
      const ka = keyOf(a);
      const kb = keyOf(b);
      add(a, b, between(a, b, ka === undefined || kb === undefined ? undefined : `${ka}>${kb}`));
    }
  }
  const atoms = outsideAtoms(engine, endpoints);
  for (const ep of opts.focus ? [opts.focus] : endpoints) {
    const k = keyOf(ep);
    for (const direction of DIRECTIONS) {
      const perAtom = atoms.map((atom, i) => {
        const [from, to] = direction === 'ingress' ? [atom.probe, ep] : [ep, atom.probe];
        return between(from, to, k === undefined ? undefined : `${k}${direction}${i}`);
      });
      for (const span of mergeAtoms(atoms, perAtom)) {
        if (direction === 'ingress') add(span, ep, span.ports);
        else add(ep, span, span.ports);
      }
    }
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return out.sort((x, y) => collator.compare(x.from, y.from) || collator.compare(x.to, y.to));
}

/** A range of addresses outside the cluster that every ipBlock either holds whole or not at all. */
interface Span {
  kind: 'span';
  family: 4 | 6;
  lo: bigint;
  hi: bigint;
}

interface Atom extends Span {
  /** An address of the range, standing for all of it. */
  probe: ExternalEndpoint;
}

/**
 * The address space of each family in use (ipBlocks' or endpoints'; IPv4
 * when none is), cut at every ipBlock's CIDR and except bounds.
 */
function outsideAtoms(engine: Engine, endpoints: PodEndpoint[]): Atom[] {
  const ranges = ipBlockRanges([engine]);
  const families = new Set<4 | 6>([...ranges.map((r) => r.family), ...endpoints.flatMap((ep) => engine.addressesOf(ep).map((a) => a.family))]);
  if (families.size === 0) families.add(4);
  return addressAtoms(ranges, [...families]).map((atom) => {
    const ip = addressInRange(atom, 0)!.text;
    return { kind: 'span', family: atom.family, lo: BigInt(atom.lo), hi: BigInt(atom.hi), probe: { kind: 'external', ref: ip, ip } };
  });
}

/** Neighbouring atoms with the same ports, as one span each. */
function mergeAtoms(atoms: Atom[], ports: PortSet[]): (Span & { ports: PortSet })[] {
  const spans: (Span & { ports: PortSet })[] = [];
  atoms.forEach((atom, i) => {
    const last = spans[spans.length - 1];
    const text = portSetText(ports[i]!);
    if (last && last.family === atom.family && last.hi + 1n === atom.lo && portSetText(last.ports) === text) last.hi = atom.hi;
    else spans.push({ kind: 'span', family: atom.family, lo: atom.lo, hi: atom.hi, ports: ports[i]! });
  });
  return spans;
}

function labelOf(x: Endpoint | Span): string {
  if (x.kind !== 'span') return x.ref;
  const lo = x.family === 4 ? Number(x.lo) : x.lo;
  const hi = x.family === 4 ? Number(x.hi) : x.hi;
  const cidrs = rangeDifference([{ family: x.family, lo, hi, text: '' }], []);
  return cidrs.length === 1 ? cidrs[0]!.text : `${formatAddress(x.lo, x.family)}-${formatAddress(x.hi, x.family)}`;
}

function kindOf(x: Endpoint | Span): Connection['fromKind'] {
  return x.kind === 'span' ? 'external' : x.kind;
}
