/**
 * The cluster of the upstream Kubernetes network policy e2e tests
 * (kubernetes/kubernetes test/e2e/network/netpol), as manifests, and the way
 * those tests state what they expect: a truth table of pod-to-pod reachability
 * that starts all-allowed or all-denied and is then overridden per peer.
 *
 * The model: namespaces x, y, z (labelled `ns: <name>`; the API server adds
 * `kubernetes.io/metadata.name`), pods a, b, c in each (labelled
 * `pod: <name>`), every pod serving ports 80 and 81 on TCP, UDP and SCTP, one
 * container per port and protocol (`cont-80-tcp`) with a named container port
 * (`serve-80-tcp`). Upstream builds only the ports and protocols a test
 * probes; serving all of them changes no verdict except for named ports, whose
 * tests use names that exist in both models.
 */
import { stringify } from 'yaml';
import type { Labels } from '../../model/objects.js';
import type { Protocol } from '../types.js';

export const MODEL_NAMESPACES = ['x', 'y', 'z'] as const;
export const MODEL_POD_NAMES = ['a', 'b', 'c'] as const;
export const MODEL_PORTS = [80, 81] as const;
export const MODEL_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** `namespace/name`, as upstream's PodString: `x/a`. */
export type PodString = string;

/** Every pod of the model, namespace by namespace: x/a, x/b, x/c, y/a, … z/c. */
export function allPodStrings(): PodString[] {
  return MODEL_NAMESPACES.flatMap((ns) => MODEL_POD_NAMES.map((pod) => `${ns}/${pod}`));
}

export function splitPodString(pod: PodString): { namespace: string; name: string } {
  const parts = pod.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`expected namespace/pod, found ${JSON.stringify(pod)}`);
  return { namespace: parts[0], name: parts[1] };
}

function indexIn(list: readonly string[], value: string, what: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`${what} ${JSON.stringify(value)} is not in the model (${list.join(', ')})`);
  return i;
}

/** The pod's IPv4 address: 10.0.<namespace 1..3>.<pod 1..3>, so x/a is 10.0.1.1 and z/c 10.0.3.3. */
export function podIP(pod: PodString): string {
  const { namespace, name } = splitPodString(pod);
  return `10.0.${indexIn(MODEL_NAMESPACES, namespace, 'namespace') + 1}.${indexIn(MODEL_POD_NAMES, name, 'pod') + 1}`;
}

/** Pods a, b, c of every namespace run on node-1, node-2, node-3. */
export function podNode(pod: PodString): string {
  return `node-${indexIn(MODEL_POD_NAMES, splitPodString(pod).name, 'pod') + 1}`;
}

/** Upstream's container port name: `serve-80-tcp`. */
export function portName(port: number, protocol: Protocol): string {
  return `serve-${port}-${protocol.toLowerCase()}`;
}

export type Manifest = Record<string, unknown>;

/** The labels a model namespace is created with: `ns: <name>`. */
export function namespaceLabels(name: string): Labels {
  return { ns: name };
}

/** The labels a model pod is created with: `pod: <name>`. */
export function podLabels(pod: PodString): Labels {
  return { pod: splitPodString(pod).name };
}

export function namespaceManifest(name: string, labels: Labels = namespaceLabels(name)): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A model pod as the API server would list it: scheduled, running, with its IP. */
export function podManifest(pod: PodString, labels: Labels = podLabels(pod)): Manifest {
  const { namespace, name } = splitPodString(pod);
  const containers = MODEL_PORTS.flatMap((port) =>
    MODEL_PROTOCOLS.map((protocol) => ({
      name: `cont-${port}-${protocol.toLowerCase()}`,
      image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
      ports: [{ containerPort: port, name: portName(port, protocol), protocol }],
    })),
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { nodeName: podNode(pod), containers },
    status: { phase: 'Running', podIP: podIP(pod), podIPs: [{ ip: podIP(pod) }] },
  };
}

export function networkPolicyManifest(namespace: string, name: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/**
 * Objects as one YAML stream, one document each. Written as YAML 1.1 so that
 * strings such as `y` and `n` (namespace y!) are quoted: kubectl, and Palisade
 * after it, read them unquoted as booleans.
 */
export function toYaml(objects: readonly Manifest[]): string {
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}

/** The namespaces and pods of the model. */
export function modelManifests(): Manifest[] {
  return [...MODEL_NAMESPACES.map((ns) => namespaceManifest(ns)), ...allPodStrings().map((p) => podManifest(p))];
}

/** The model as YAML text, followed by the given extra objects (policies). */
export function modelYaml(extra: readonly Manifest[] = []): string {
  return toYaml([...modelManifests(), ...extra]);
}

/**
 * A table of booleans indexed by (from, to) over the same items, printed as
 * upstream prints reachability: rows are sources, columns destinations,
 * `.` for allowed (true) and `X` for denied (false).
 */
export class TruthTable {
  private readonly values = new Map<string, Map<string, boolean>>();

  constructor(
    readonly items: readonly PodString[],
    defaultValue?: boolean,
  ) {
    for (const from of items) {
      const row = new Map<string, boolean>();
      if (defaultValue !== undefined) for (const to of items) row.set(to, defaultValue);
      this.values.set(from, row);
    }
  }

  private row(from: PodString): Map<string, boolean> {
    const row = this.values.get(from);
    if (!row) throw new Error(`${from} is not an item of this truth table (${this.items.join(', ')})`);
    return row;
  }

  set(from: PodString, to: PodString, value: boolean): void {
    if (!this.items.includes(to)) throw new Error(`${to} is not an item of this truth table (${this.items.join(', ')})`);
    this.row(from).set(to, value);
  }

  get(from: PodString, to: PodString): boolean | undefined {
    return this.row(from).get(to);
  }

  /** Every value from `from` to anything. */
  setAllFrom(from: PodString, value: boolean): void {
    for (const to of this.items) this.set(from, to, value);
  }

  /** Every value from anything to `to`. */
  setAllTo(to: PodString, value: boolean): void {
    for (const from of this.items) this.set(from, to, value);
  }

  /** The cells where the two tables disagree (a missing value disagrees with any value). */
  differences(other: TruthTable): { from: PodString; to: PodString; expected: boolean | undefined; observed: boolean | undefined }[] {
    const out = [];
    for (const from of this.items) {
      for (const to of this.items) {
        const mine = this.get(from, to);
        const theirs = other.get(from, to);
        if (mine === undefined || mine !== theirs) out.push({ from, to, expected: mine, observed: theirs });
      }
    }
    return out;
  }

  /** A table whose cells are `.` where this and `other` agree, `X` where they differ. */
  compare(other: TruthTable): TruthTable {
    const out = new TruthTable(this.items, true);
    for (const d of this.differences(other)) out.set(d.from, d.to, false);
    return out;
  }

  /** Lines of text: a header row of destinations, then one row per source. Unknown cells print `?`. */
  lines(): string[] {
    const width = Math.max(1, ...this.items.map((i) => i.length));
    const cell = (s: string) => s.padEnd(width);
    const header = [cell('-'), ...this.items.map(cell)].join(' ');
    const rows = this.items.map((from) =>
      [
        cell(from),
        ...this.items.map((to) => {
          const v = this.get(from, to);
          return cell(v === undefined ? '?' : v ? '.' : 'X');
        }),
      ]
        .join(' ')
        .trimEnd(),
    );
    return [header.trimEnd(), ...rows];
  }

  toString(): string {
    return this.lines().join('\n');
  }
}

/** Tables printed next to each other under their titles. */
export function sideBySide(tables: readonly { title: string; table: TruthTable }[]): string {
  const blocks = tables.map(({ title, table }) => [title, ...table.lines()]);
  const widths = blocks.map((b) => Math.max(...b.map((l) => l.length)));
  const height = Math.max(...blocks.map((b) => b.length));
  const out: string[] = [];
  for (let i = 0; i < height; i++) {
    out.push(
      blocks
        .map((b, j) => (b[i] ?? '').padEnd(widths[j] ?? 0))
        .join('    ')
        .trimEnd(),
    );
  }
  return out.join('\n');
}

/** Matches pods by namespace, by name, or both; an empty field matches every pod (upstream's Peer). */
export interface Peer {
  namespace?: string;
  pod?: string;
}

export function peerMatches(peer: Peer, pod: PodString): boolean {
  const { namespace, name } = splitPodString(pod);
  return (peer.namespace === undefined || peer.namespace === namespace) && (peer.pod === undefined || peer.pod === name);
}

/**
 * What a test expects, stated as upstream states it: a default for every
 * pair, then overrides. Later calls override earlier ones.
 */
export class Reachability {
  readonly expected: TruthTable;

  constructor(
    defaultExpectation: boolean,
    readonly pods: readonly PodString[] = allPodStrings(),
  ) {
    this.expected = new TruthTable(pods, defaultExpectation);
  }

  expect(from: PodString, to: PodString, connected: boolean): this {
    this.expected.set(from, to, connected);
    return this;
  }

  /** Everything into `pod`. */
  expectAllIngress(pod: PodString, connected: boolean): this {
    this.expected.setAllTo(pod, connected);
    return this;
  }

  /** Everything out of `pod`. */
  expectAllEgress(pod: PodString, connected: boolean): this {
    this.expected.setAllFrom(pod, connected);
    return this;
  }

  expectPeer(from: Peer, to: Peer, connected: boolean): this {
    for (const f of this.pods) {
      if (!peerMatches(from, f)) continue;
      for (const t of this.pods) if (peerMatches(to, t)) this.expected.set(f, t, connected);
    }
    return this;
  }

  /**
   * A pod can always reach itself (Palisade's rule: a pod cannot block
   * traffic to itself). Upstream ignores these cells instead
   * (`ignoreLoopback`), because CNIs disagree on them.
   */
  allowLoopback(): this {
    for (const p of this.pods) this.expected.set(p, p, true);
    return this;
  }
}
