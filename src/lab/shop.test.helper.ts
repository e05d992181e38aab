/**
 * A one-node shop for the observability tests: web, db and other, all
 * listening on 5432, and a NetworkPolicy that lets only web reach db; and
 * a ClusterNetworkPolicy in audit mode that would keep db from opening any
 * connection.
 */
import type { PortQuery } from '../engine/types.js';

const pod = (name: string, ip: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}
spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 5432}]}]}
status: {podIP: ${ip}}
`;

export const SHOP = [
  pod('web', '10.30.0.10'),
  pod('db', '10.30.0.20'),
  pod('other', '10.30.0.30'),
  `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}]}]
`,
].join('---');

export const SHOP_PORT: PortQuery = { protocol: 'TCP', port: 5432 };

/** Audited: enforcing it would deny db's every connection (egress[0], a Deny of the Admin tier). */
export const DB_STAYS_HOME = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: db-stays-home, annotations: {palisade.dev/enforcement: audit}}
spec:
  tier: Admin
  priority: 5
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  egress: [{name: nowhere, action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {}}}]}]
`;
