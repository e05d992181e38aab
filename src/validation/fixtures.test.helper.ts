/**
 * Test objects: a kind, apiVersion, metadata and an origin stub filled in,
 * so each test states only the fields it is about. (Named *.test.helper.ts:
 * the test runner does not run it and the package leaves it out.)
 */
import { FieldPath } from '../model/field-path.js';
import type {
  Node,
  Container,
  Namespace,
  NetworkPolicy,
  NetworkPolicySpec,
  ObjectMeta,
  Origin,
  Pod,
  PodTemplateSpec,
  Workload,
  WorkloadKind,
} from '../model/objects.js';
import { type FieldError, formatFieldError } from './field-error.js';
import type { ValidationOptions } from './index.js';

const origin: Origin = { file: 'test.yaml', locate: () => ({ file: 'test.yaml', line: 1, column: 1 }) };

export const V1_33: ValidationOptions = { kubernetesVersion: { major: 1, minor: 33 } };
export const V1_34: ValidationOptions = { kubernetesVersion: { major: 1, minor: 34 } };
export const V1_35: ValidationOptions = { kubernetesVersion: { major: 1, minor: 35 } };
export const V1_36: ValidationOptions = { kubernetesVersion: { major: 1, minor: 36 } };

export function networkPolicy(spec: Partial<NetworkPolicySpec>, metadata: ObjectMeta = { name: 'foo', namespace: 'bar' }): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    origin,
    spec: { podSelector: {}, ...spec },
  };
}

export function namespace(metadata: ObjectMeta): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata, origin };
}

export function node(spec: Node['spec'], metadata: ObjectMeta = { name: 'n1' }): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata, origin, spec, status: {} };
}

export function pod(metadata: ObjectMeta, containers: Container[] = [{ name: 'app' }]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata, origin, spec: { containers }, status: {} };
}

const TEMPLATE_PATHS: Record<WorkloadKind, FieldPath> = {
  Deployment: FieldPath.root('spec', 'template'),
  StatefulSet: FieldPath.root('spec', 'template'),
  DaemonSet: FieldPath.root('spec', 'template'),
  ReplicaSet: FieldPath.root('spec', 'template'),
  ReplicationController: FieldPath.root('spec', 'template'),
  Job: FieldPath.root('spec', 'template'),
  CronJob: FieldPath.root('spec', 'jobTemplate', 'spec', 'template'),
};

export function workload(
  kind: WorkloadKind,
  metadata: ObjectMeta,
  template: PodTemplateSpec = { metadata: {}, spec: { containers: [{ name: 'app' }] } },
): Workload {
  return {
    apiVersion: kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
    kind,
    metadata,
    origin,
    template,
    templatePath: TEMPLATE_PATHS[kind],
  };
}

/** Each error as "<severity> <type> <field>: <body>", the way tests compare them. */
export function lines(errors: FieldError[]): string[] {
  return errors.map((e) => `${e.severity} ${e.type} ${formatFieldError(e)}`);
}

/** Each error as "<type> <field>", for tables that check where and what kind. */
export function kinds(errors: FieldError[]): string[] {
  return errors.map((e) => `${e.type} ${e.path.toString()}`);
}
