/**
 * PAL009 namespace-without-default-deny (audit level): a namespace with pods
 * or workloads that nothing closes by default in a direction. Closing is
 * what keeps a new pod shut until someone allows what it needs: a
 * NetworkPolicy with `podSelector: {}` isolating the direction, or an Admin
 * or Baseline tier policy over every pod of the namespace with a Deny of
 * every peer on every port (ingress: every pod, all that tier can name as a
 * source; egress: every address, a `/0` network of each family the pods
 * have), which is where pods that no NetworkPolicy isolates end up.
 */
import { familyOfText } from '../../engine/ip.js';
import type { CompiledPeer, CompiledPolicy } from '../../engine/policies.js';
import { namespacesSelected } from '../../engine/selections.js';
import { isEmptySelector } from '../../engine/selectors.js';
import type { Direction } from '../../engine/types.js';
import { FieldPath } from '../../model/field-path.js';
import type { Namespace } from '../../model/objects.js';
import { DIRECTIONS, type LintContext, type RawFinding } from './context.js';

export function namespaceWithoutDefaultDeny(ctx: LintContext): RawFinding[] {
  const out: RawFinding[] = [];
  const declared = new Map<string, Namespace>(ctx.cluster.namespaces.map((n) => [n.metadata.name ?? '', n]));
  const families = podFamilies(ctx);
  // The tiered policies that deny every peer, per direction: only they can close a namespace, if they cover it.
  const denying = Object.fromEntries(DIRECTIONS.map((d) => [d, ctx.clusterPolicies.filter((p) => deniesEveryPeer(p, d, families))])) as Record<Direction, CompiledPolicy[]>;
  for (const name of ctx.namespaceNames) {
    const endpoints = ctx.byNamespace.get(name) ?? [];
    const ns = declared.get(name);
    if (endpoints.length === 0 || !ns) continue;
    const missing = DIRECTIONS.filter(
      (d) => !ctx.policies.some((p) => p.namespace === name && p.isolates[d] && isEmptySelector(p.podSelector)) && !denying[d].some((p) => coversNamespace(ctx, p, name)),
    );
    if (missing.length === 0) continue;
    const types = missing.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress'));
    out.push({
      check: 'PAL009',
      object: ns,
      // An implicit namespace has no text of its own: point at the first object that lives in it.
      path: ns.implicit ? FieldPath.root('metadata', 'namespace') : FieldPath.root('metadata', 'name'),
      message: `namespace ${name} has ${endpoints.length} ${endpoints.length === 1 ? 'pod or workload' : 'pods and workloads'} but no default-deny policy for ${missing.join(' and ')}: pods no policy selects are open that way`,
      hint:
        `add a policy in ${name} with podSelector: {} and policyTypes: [${types.join(', ')}] and no rules, then allow what each pod needs` +
        (missing.includes('egress') ? ' (including DNS)' : '') +
        (ctx.clusterPolicies.length > 0 ? `; or a Baseline ClusterNetworkPolicy over every pod of ${name} that ends by denying ${missing.map((d) => denyEveryPeer(d, families)).join(' and ')}` : ''),
    });
  }
  return out;
}

function denyEveryPeer(d: Direction, families: readonly (4 | 6)[]): string {
  return d === 'ingress' ? 'ingress from namespaces: {}' : `egress to networks: [${families.map((f) => (f === 4 ? '0.0.0.0/0' : '::/0')).join(', ')}]`;
}

/** The address families of the pods' IPs; IPv4 when no pod has one (manifests without status). */
function podFamilies(ctx: LintContext): (4 | 6)[] {
  const families = new Set(ctx.endpoints.flatMap((ep) => ep.ips.map(familyOfText)));
  return families.size === 0 ? [4] : [...families].sort();
}

/** Whether a tiered policy's subject holds every pod of the namespace, whatever its labels. */
function coversNamespace(ctx: LintContext, p: CompiledPolicy, namespace: string): boolean {
  return isEmptySelector(p.podSelector) && namespacesSelected(ctx.engine, p.namespaceSelector ?? {}, [namespace]).length === 1;
}

/** Whether a policy has a Deny of every peer on every port in a direction (see the top of the file). */
function deniesEveryPeer(p: CompiledPolicy, d: Direction, families: readonly (4 | 6)[]): boolean {
  return p.rules[d].some(
    (r) => r.action === 'deny' && (r.ports ?? []).length === 0 && (r.peers === null || (d === 'egress' ? everyAddress(r.peers, families) : r.peers.some(everyPod))),
  );
}

function everyAddress(peers: readonly CompiledPeer[], families: readonly (4 | 6)[]): boolean {
  const blocks = peers.flatMap((peer) => peer.blocks ?? []);
  return families.every((f) => blocks.some((b) => b.cidr.family === f && b.cidr.text.endsWith('/0') && b.except.length === 0));
}

function everyPod(peer: CompiledPeer): boolean {
  return peer.blocks === undefined && peer.namespaceSelector !== undefined && isEmptySelector(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector));
}
