/**
 * The node ruleset's counters as Prometheus counters, read from the kernel
 * when /metrics is scraped: one `nft list counters` per scrape (the rules are
 * not read), labelled from the ruleset the agent applied last. A counter the
 * kernel has and that ruleset does not name (an agent just restarted) is left
 * out until the agent applies.
 */
import type { Registry } from 'prom-client';
import { countersByName, type NftCounter } from '../dataplane/counters.js';
import type { KernelCounter } from './nft.js';

type Labels = Record<string, string>;

interface Sample {
  labels: Labels;
  value: number;
}

export class CounterMetrics {
  private known: ReadonlyMap<string, NftCounter> = new Map();
  private reading: Promise<KernelCounter[]> | undefined;

  constructor(
    registry: Registry,
    private readonly read: () => Promise<KernelCounter[]>,
  ) {
    const metric = (name: string, help: string, samples: (counters: { counter: NftCounter; kernel: KernelCounter }[]) => Sample[]) =>
      registry.registerMetric({
        name,
        get: async () => ({ name, help, type: 'counter', aggregator: 'sum', values: samples(await this.counters()) }),
      } as never);
    const rules = (field: 'packets' | 'bytes', audit: boolean) => (cs: { counter: NftCounter; kernel: KernelCounter }[]) =>
      cs.flatMap(({ counter: c, kernel }) =>
        c.kind === 'rule' && c.audit === audit ? [{ labels: { ...policyLabels(c.policy, c.tier), tier: c.tier, direction: c.direction, rule: String(c.rule), action: c.action }, value: kernel[field] }] : [],
      );
    const defaults = (field: 'packets' | 'bytes', audit: boolean) => (cs: { counter: NftCounter; kernel: KernelCounter }[]) =>
      cs.flatMap(({ counter: c, kernel }) => (c.kind === 'default' && c.audit === audit ? [{ labels: { ...podLabels(c.pod), direction: c.direction }, value: kernel[field] }] : []));
    metric('palisade_rule_packets_total', 'Packets a policy rule decided (the first packet of each connection), by policy, tier, direction, rule index and action.', rules('packets', false));
    metric('palisade_rule_bytes_total', 'Bytes of the packets a policy rule decided.', rules('bytes', false));
    metric('palisade_default_deny_packets_total', "Packets an isolated pod's side dropped because no rule allowed them, by pod and direction.", defaults('packets', false));
    metric('palisade_default_deny_bytes_total', "Bytes of the packets an isolated pod's side dropped because no rule allowed them.", defaults('bytes', false));
    // Audit chains count apart: summing them with the above would count packets twice.
    metric('palisade_audit_rule_packets_total', 'Packets that went through and that a rule would have decided with the audited policies enforced, by policy, tier, direction, rule index and action.', rules('packets', true));
    metric('palisade_audit_rule_bytes_total', 'Bytes of the packets a rule would have decided with the audited policies enforced.', rules('bytes', true));
    metric('palisade_audit_default_deny_packets_total', "Packets that went through and that a pod's side would have dropped, no rule allowing them, with the audited policies enforced.", defaults('packets', true));
    metric('palisade_audit_default_deny_bytes_total', "Bytes of the packets a pod's side would have dropped with the audited policies enforced.", defaults('bytes', true));
  }

  /** The counters of the ruleset now in the kernel. */
  applied(counters: readonly NftCounter[]): void {
    this.known = countersByName(counters);
  }

  /** The kernel's counters, read once for all the metrics of a scrape. */
  private async counters(): Promise<{ counter: NftCounter; kernel: KernelCounter }[]> {
    // nft failing (gone, no rights) leaves these metrics out of the scrape, not the scrape out.
    this.reading ??= this.read()
      .catch(() => [])
      .finally(() => setTimeout(() => (this.reading = undefined), 0));
    const kernel = await this.reading;
    return kernel.flatMap((k) => {
      const counter = this.known.get(k.name);
      return counter ? [{ counter, kernel: k }] : [];
    });
  }
}

/** `namespace/name` for a NetworkPolicy; a ClusterNetworkPolicy's name has no namespace. */
function policyLabels(policy: string, tier: string): Labels {
  const slash = policy.indexOf('/');
  return tier === 'namespace' && slash > 0 ? { namespace: policy.slice(0, slash), policy: policy.slice(slash + 1) } : { namespace: '', policy };
}

/** `namespace` and `pod` of a pod ref; both empty for none (an address no pod holds). */
export function podLabels(ref: string | undefined): Labels {
  if (ref === undefined) return { namespace: '', pod: '' };
  const slash = ref.indexOf('/');
  return { namespace: ref.slice(0, slash), pod: ref.slice(slash + 1) };
}
