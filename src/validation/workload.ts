/**
 * Workloads on create (kubernetes pkg/apis/apps/validation and
 * pkg/apis/batch/validation): metadata, and the pod template's labels,
 * annotations and container ports.
 */
import { FieldPath } from '../model/field-path.js';
import type { Workload, WorkloadKind } from '../model/objects.js';
import { byteLength } from './byte-length.js';
import { type FieldError, invalid } from './field-error.js';
import type { ReleaseRules } from './kubernetes-version.js';
import { validateLabels } from './labels.js';
import { type NameValidator, nameIsDNSLabel, nameIsDNSSubdomain } from './names.js';
import { effectiveName, validateAnnotations, validateObjectMeta } from './object-meta.js';
import { validatePodSpecPorts } from './pod-spec.js';

/** ValidateStatefulSetName is a DNS label (pods are named <name>-<ordinal>); the others are subdomains. */
const NAME_RULE: Record<WorkloadKind, NameValidator> = {
  Deployment: nameIsDNSSubdomain,
  StatefulSet: nameIsDNSLabel,
  DaemonSet: nameIsDNSSubdomain,
  ReplicaSet: nameIsDNSSubdomain,
  ReplicationController: nameIsDNSSubdomain,
  Job: nameIsDNSSubdomain,
  CronJob: nameIsDNSSubdomain,
};

/** The CronJob controller appends "-<11 characters>" to name Jobs (ValidateCronJobCreate). */
const CRONJOB_NAME_MAX = 52;

export function validateWorkloadObject(w: Workload, release: ReleaseRules): FieldError[] {
  const errs = validateObjectMeta(w.metadata, { namespaced: true, validateName: NAME_RULE[w.kind] }, release);
  errs.push(...validatePodTemplate(w));
  const name = effectiveName(w.metadata);
  if (w.kind === 'CronJob' && byteLength(name) > CRONJOB_NAME_MAX) {
    errs.push(
      invalid(FieldPath.root('metadata', 'name'), name, `must be no more than ${CRONJOB_NAME_MAX} characters`, {
        hint: 'Jobs created from it get an 11-character suffix and must fit in 63',
      }),
    );
  }
  return errs;
}

/**
 * ValidatePodTemplateSpec reports template labels and annotations at
 * `<template>.labels` / `<template>.annotations` although they are written
 * under `<template>.metadata`. StatefulSet templates get only those two
 * checks (ValidatePodTemplateSpecForStatefulSet leaves the pod spec alone).
 */
function validatePodTemplate(w: Workload): FieldError[] {
  const t = w.templatePath;
  const meta = t.child('metadata');
  return [
    ...validateLabels(w.template.metadata.labels, t.child('labels'), (key) => meta.child('labels').key(key)),
    ...validateAnnotations(w.template.metadata.annotations, t.child('annotations'), meta.child('annotations')),
    ...(w.kind === 'StatefulSet' ? [] : validatePodSpecPorts(w.template.spec, t.child('spec'))),
  ];
}
