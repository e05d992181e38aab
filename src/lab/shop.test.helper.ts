/**
 * A one-node shop for the lab's observability tests: web, db and other, all
 * listening on 5432, and a NetworkPolicy that lets only web reach db.
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
