/**
 * Which peers' endpoints one change to the engine altered (`Touched.peers`),
 * found from the endpoints that moved: listing every touched peer's
 * endpoints before and after would cost thousands for a broad peer (every pod
 * of every namespace) on each pod relabelled.
 *
 * A peer's bitset is copied before it, or the members of an identity it
 * holds, first change; an endpoint is noted with the identity it started in
 * when it first leaves or joins one. An endpoint that never moved is still in
 * its identity, and every peer holds that identity or not as before (bits are
 * added only for new identities and cleared only for emptied ones), so only
 * the endpoints that moved can tell a peer's endpoints then from now. A peer
 * whose bitset was empty had no endpoints (a peer made during the change
 * among them): it changed when it has any now.
 */
import type { Bitset } from './bitset.js';
import type { Identity } from './identities.js';
import type { PeerEntry } from './selector-cache.js';
import type { PodEndpoint } from './types.js';

export class PeerChanges {
  private readonly bitsBefore = new Map<PeerEntry, Bitset>();
  /** Each endpoint that moved, with the id of the identity it was in before the change (undefined: it was no endpoint then). */
  private readonly startedIn = new Map<PodEndpoint, number | undefined>();

  /** Before a peer's bits, or the members of an identity it holds, change. */
  peerChanging(e: PeerEntry): void {
    if (!this.bitsBefore.has(e)) this.bitsBefore.set(e, e.bits.clone());
  }

  /** Before an endpoint leaves an identity (`from`) or joins one (`from` undefined). */
  endpointMoving(ep: PodEndpoint, from: Identity | undefined): void {
    if (!this.startedIn.has(ep)) this.startedIn.set(ep, from?.id);
  }

  /**
   * The peers whose endpoints differ now by ref, IPs or named ports (an
   * upserted pod is a new object, the same to a rule's allowance when these
   * are). `identities` and `identityOf` say how things are now.
   */
  changed(identities: readonly (Identity | undefined)[], identityOf: (ep: PodEndpoint) => Identity | undefined): PeerEntry[] {
    const moved = [...this.startedIn].map(([ep, start]) => ({ signature: endpointSignature(ep), start, now: identityOf(ep)?.id }));
    const out: PeerEntry[] = [];
    for (const [e, before] of this.bitsBefore) {
      if (before.isEmpty()) {
        if ([...e.bits].some((id) => (identities[id]?.members.size ?? 0) > 0)) out.push(e);
        continue;
      }
      const then = new Set<string>();
      const now = new Set<string>();
      for (const m of moved) {
        if (m.start !== undefined && before.has(m.start)) then.add(m.signature);
        if (m.now !== undefined && e.bits.has(m.now)) now.add(m.signature);
      }
      if (then.size !== now.size || [...now].some((s) => !then.has(s))) out.push(e);
    }
    return out;
  }
}

const signatures = new WeakMap<PodEndpoint, string>();

/** An endpoint as a rule's allowance takes it: ref, IPs and named ports. */
function endpointSignature(ep: PodEndpoint): string {
  let text = signatures.get(ep);
  if (text === undefined) signatures.set(ep, (text = `${ep.ref} ${ep.ips.join(',')} ${ep.namedPorts.map((n) => `${n.name}/${n.protocol}/${n.port}`).join(',')}`));
  return text;
}
