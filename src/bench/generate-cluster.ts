/**
 * Generates realistic clusters as manifest text, deterministically from a
 * seed: namespaces with team/env labels, deployments' pods with
 * app/tier/team labels and named ports, and the policy shapes people write
 * (default deny, allow from namespace, allow from app, ipBlock egress, named
 * ports, endPort ranges, DNS egress), and optionally ClusterNetworkPolicies
 * in both tiers (generate-cluster-policies.ts).
 */
import { clusterPolicies } from './generate-cluster-policies.js';

export interface ClusterSize {
  namespaces: number;
  pods: number;
  policies: number;
  /** ClusterNetworkPolicies, after everything else, so the rest of the cluster is the same with or without them. */
  clusterPolicies?: number;
  seed?: number;
}

/** The cluster most of the issues' speed targets are set on. */
export const TARGET_SIZE: ClusterSize = { namespaces: 500, pods: 10_000, policies: 2_000 };

const TIERS = ['web', 'api', 'worker', 'db', 'cache'];
const ENVS = ['prod', 'staging', 'dev'];
const PORTS: Record<string, [string, number]> = {
  web: ['http', 8080],
  api: ['grpc', 9090],
  worker: ['jobs', 7070],
  db: ['postgres', 5432],
  cache: ['redis', 6379],
};

/** A small, fast, seeded PRNG (mulberry32), so every run sees the same cluster. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCluster(size: ClusterSize): string {
  const random = prng(size.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const docs: string[] = [];
  const teams = Math.max(1, Math.ceil(size.namespaces / 10));
  const nsName = (i: number) => `ns-${i}`;
  for (let i = 0; i < size.namespaces; i++) {
    docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${nsName(i)}
  labels:
    team: team-${i % teams}
    env: ${ENVS[i % ENVS.length]}
`);
  }
  const appsPerNs = Math.max(1, Math.round(size.pods / size.namespaces / 4));
  for (let i = 0; i < size.pods; i++) {
    const ns = i % size.namespaces;
    const app = Math.floor(i / size.namespaces) % appsPerNs;
    const tier = TIERS[app % TIERS.length]!;
    const [portName, port] = PORTS[tier]!;
    docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: app-${app}-${i}
  namespace: ${nsName(ns)}
  labels:
    app: app-${app}
    tier: ${tier}
    team: team-${ns % teams}
spec:
  nodeName: node-${i % 20}
  containers:
  - name: main
    image: registry.example/app-${app}:1.${i % 10}
    ports:
    - name: ${portName}
      containerPort: ${port}
      protocol: TCP
    - name: metrics
      containerPort: 9100
    resources:
      requests: {cpu: 100m, memory: 128Mi}
status:
  phase: Running
  podIP: 10.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}
`);
  }
  for (let i = 0; i < size.policies; i++) {
    const ns = nsName(i % size.namespaces);
    const app = `app-${Math.floor(random() * appsPerNs)}`;
    const shape = i % 6;
    docs.push(policy(shape, `pol-${i}`, ns, app, pick, random, teams));
  }
  docs.push(...clusterPolicies(size.clusterPolicies ?? 0, teams));
  return docs.join('---\n');
}

function policy(
  shape: number,
  name: string,
  ns: string,
  app: string,
  pick: <T>(xs: readonly T[]) => T,
  random: () => number,
  teams: number,
): string {
  const head = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
`;
  switch (shape) {
    case 0: // default deny both ways, DNS allowed
      return `${head}  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
`;
    case 1: // allow from a team's namespaces
      return `${head}  podSelector:
    matchLabels:
      app: ${app}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: team-${Math.floor(random() * teams)}
    ports:
    - port: ${pick(['http', 'grpc', 'postgres'])}
`;
    case 2: // allow from an app in the same namespace
      return `${head}  podSelector:
    matchLabels:
      app: ${app}
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - {key: tier, operator: In, values: [${pick(['web', 'api'])}, worker]}
    ports:
    - {protocol: TCP, port: ${pick([8080, 9090, 5432, 6379])}}
`;
    case 3: { // egress to external ranges
      const net = `172.${16 + Math.floor(random() * 16)}`;
      return `${head}  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: [Egress]
  egress:
  - to:
    - ipBlock:
        cidr: ${net}.0.0/16
        except: [${net}.${Math.floor(random() * 255)}.0/24]
    ports:
    - {protocol: TCP, port: 443}
`;
    }
    case 4: // a port range from prod namespaces' web tier
      return `${head}  podSelector:
    matchLabels:
      tier: ${pick(TIERS)}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          env: prod
      podSelector:
        matchLabels:
          tier: web
    ports:
    - {protocol: TCP, port: 8000, endPort: 9999}
`;
    default: // monitoring scrapes metrics everywhere
      return `${head}  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: team, operator: Exists}
      podSelector:
        matchLabels:
          app: prometheus
    ports:
    - port: metrics
`;
  }
}
