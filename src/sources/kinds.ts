/**
 * The kinds Palisade reads: the apiVersion each is served under and the
 * schema its documents are checked against.
 */
import { WORKLOAD_KINDS, type WorkloadKind } from '../model/objects.js';
import * as schemas from './schema.js';
import type { Schema } from './schema.js';

export type ReadKind = 'Namespace' | 'Pod' | 'NetworkPolicy' | WorkloadKind;

export const KINDS: Record<ReadKind, { apiVersion: string; schema: Schema }> = {
  Namespace: { apiVersion: 'v1', schema: schemas.namespace },
  Pod: { apiVersion: 'v1', schema: schemas.pod },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', schema: schemas.networkPolicy },
  Deployment: { apiVersion: 'apps/v1', schema: schemas.workload },
  StatefulSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  DaemonSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  ReplicaSet: { apiVersion: 'apps/v1', schema: schemas.workload },
  ReplicationController: { apiVersion: 'v1', schema: schemas.workload },
  Job: { apiVersion: 'batch/v1', schema: schemas.workload },
  CronJob: { apiVersion: 'batch/v1', schema: schemas.cronJob },
};

export function isReadKind(kind: string): kind is ReadKind {
  return Object.hasOwn(KINDS, kind);
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}
