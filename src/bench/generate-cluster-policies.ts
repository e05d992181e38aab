/**
 * ClusterNetworkPolicies (v1alpha2) for generated clusters, in the shapes
 * cluster administrators write: guardrails in the Admin tier, namespace
 * isolation defaults in the Baseline tier. They select with the labels
 * generate-cluster gives (namespace team/env, pod tier, named ports), so
 * every subject and every pod peer holds pods. The generated cluster has no
 * kube-system or monitoring namespace, so team-0 plays the platform team: its
 * namespaces stand for the system namespaces, its worker pods for monitoring
 * and its cache pods for DNS.
 */

/** Three in four are Admin guardrails, the rest Baseline defaults. */
export function tierSplit(count: number): { admin: number; baseline: number } {
  const admin = Math.round((count * 3) / 4);
  return { admin, baseline: count - admin };
}

const PLATFORM = 'team-0';
const MONITORING = `{pods: {namespaceSelector: {matchLabels: {team: ${PLATFORM}}}, podSelector: {matchLabels: {tier: worker}}}}`;
const DNS = `{pods: {namespaceSelector: {matchLabels: {team: ${PLATFORM}}}, podSelector: {matchLabels: {tier: cache}}}}`;
const DNS_PORTS = '[{udp: {destinationPort: {number: 53}}}, {tcp: {destinationPort: {number: 53}}}]';

export function clusterPolicies(count: number, teams: number): string[] {
  const { admin, baseline } = tierSplit(count);
  return [
    ...Array.from({ length: admin }, (_, i) => adminPolicy(i, teams)),
    ...Array.from({ length: baseline }, (_, i) => baselinePolicy(i, teams, baseline)),
  ];
}

function head(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: ${name}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: ${subject}
`;
}

/**
 * Four shapes, each in a band of priorities (lower first), so that the
 * monitoring accepts come before the guardrails that would deny them.
 */
function adminPolicy(i: number, teams: number): string {
  const shape = i % 4;
  const team = `team-${i % teams}`;
  const priority = shape * 250 + Math.floor(i / 4);
  switch (shape) {
    case 0: // monitoring scrapes metrics and everyone resolves names, whatever the namespaces' own policies say
      return `${head(`monitoring-${i}`, 'Admin', priority, `{namespaces: {matchLabels: {team: ${team}}}}`)}  ingress:
  - name: monitoring-scrapes-metrics
    action: Accept
    from: [${MONITORING}]
    protocols: [{destinationNamedPort: metrics}]
  egress:
  - name: dns
    action: Accept
    to: [${DNS}]
    protocols: ${DNS_PORTS}
`;
    case 1: // a team may not reach the system namespaces; monitoring may
      return `${head(`system-guard-${i}`, 'Admin', priority, `{namespaces: {matchLabels: {team: ${PLATFORM}}}}`)}  ingress:
  - name: monitoring
    action: Accept
    from: [${MONITORING}]
  - name: no-${team}
    action: Deny
    from: [{namespaces: {matchLabels: {team: ${team}}}}]
`;
    case 2: // front ends never reach the cloud metadata service nor the provider's ranges' privileged ports
      return `${head(`metadata-${i}`, 'Admin', priority, `{pods: {namespaceSelector: {matchLabels: {team: ${team}}}, podSelector: {matchExpressions: [{key: tier, operator: In, values: [web, api]}]}}}`)}  egress:
  - name: no-cloud-metadata
    action: Deny
    to: [{networks: [169.254.169.254/32]}]
  - name: no-privileged-provider-ports
    action: Deny
    to: [{networks: [100.64.${i % 256}.0/24, 192.0.2.0/24]}]
    protocols: [{tcp: {destinationPort: {range: {start: 1, end: 1023}}}}]
`;
    default: // a team's prod data stores: its own namespaces are left to its NetworkPolicies, dev namespaces are denied
      return `${head(`prod-data-${i}`, 'Admin', priority, `{pods: {namespaceSelector: {matchLabels: {team: ${team}, env: prod}}, podSelector: {matchExpressions: [{key: tier, operator: In, values: [db, cache]}]}}}`)}  ingress:
  - name: team-owns-its-data
    action: Pass
    from: [{namespaces: {matchLabels: {team: ${team}}}}]
    protocols: [{tcp: {destinationPort: {range: {start: 5432, end: 6379}}}}]
  - name: no-dev
    action: Deny
    from: [{namespaces: {matchLabels: {env: dev}}}]
`;
  }
}

/** Two shapes, by team: namespaces isolated from other teams', data stores kept from reaching out. */
function baselinePolicy(i: number, teams: number, count: number): string {
  const team = `team-${i % teams}`;
  const priority = Math.floor((i * 1000) / count);
  if (i % 2 === 0) {
    return `${head(`isolate-${i}`, 'Baseline', priority, `{namespaces: {matchLabels: {team: ${team}}}}`)}  ingress:
  - name: same-team
    action: Accept
    from: [{namespaces: {matchLabels: {team: ${team}}}}]
  - name: other-namespaces
    action: Deny
    from: [{namespaces: {}}]
`;
  }
  return `${head(`db-egress-${i}`, 'Baseline', priority, `{pods: {namespaceSelector: {matchLabels: {team: ${team}}}, podSelector: {matchLabels: {tier: db}}}}`)}  egress:
  - name: dns
    action: Accept
    to: [${DNS}]
    protocols: ${DNS_PORTS}
  - name: nothing-else
    action: Deny
    to: [{networks: [0.0.0.0/0]}]
`;
}
