/** `palisade get`: what was loaded, one line per object, as `kubectl get` shows it. */
import { Command, Option } from 'commander';
import { FieldPath } from '../../model/field-path.js';
import { describeObject, type KubeObject } from '../../model/objects.js';
import { labelsText, selectorText } from '../../model/selector-text.js';
import { writtenPodIPs } from '../../engine/endpoints.js';
import { controllerOf } from '../../engine/owners.js';
import { effectivePolicyTypes } from '../../engine/policy-types.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../format/table.js';
import { readAndValidate, throwIoErrors, withInputOptions, type InputOptions } from '../inputs.js';

interface Row {
  kind: string;
  namespace: string;
  name: string;
  details: string;
  source: string;
  valid: boolean;
}

export function getCommand(): Command {
  return withInputOptions(new Command('get'))
    .description('list the namespaces, pods, workloads and network policies that were read')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((opts: InputOptions & { output: 'table' | 'json' }) => {
      const { manifests: m, report } = readAndValidate(opts);
      throwIoErrors(report);
      const objects: KubeObject[] = [...m.namespaces, ...m.pods, ...m.workloads, ...m.policies];
      const rows = objects.map((o) => row(o, !report.invalid.has(o)));
      if (opts.output === 'json') {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      } else {
        const table = formatTable(
          ['KIND', 'NAMESPACE', 'NAME', 'DETAILS', 'SOURCE'],
          rows.map((r) => [r.valid ? r.kind : `${r.kind} (invalid)`, r.namespace, r.name, r.details, r.source]),
        );
        process.stdout.write(table + '\n');
      }
      process.exitCode = EXIT.ok;
    });
}

function row(o: KubeObject, valid: boolean): Row {
  const r = objectRow(o, valid);
  const owner = controllerOf(o.metadata);
  return owner ? { ...r, details: `${r.details}  of: ${owner.kind}/${owner.name}` } : r;
}

function objectRow(o: KubeObject, valid: boolean): Row {
  const at = o.origin.locate(FieldPath.root());
  const base = {
    kind: o.kind,
    namespace: o.kind === 'Namespace' ? '' : (o.metadata.namespace ?? ''),
    name: o.metadata.name ?? describeObject(o),
    source: o.kind === 'Namespace' && o.implicit ? '(not declared)' : `${at.file}:${at.line}`,
    valid,
  };
  switch (o.kind) {
    case 'Namespace':
      return { ...base, details: `labels: ${labelsText(o.metadata.labels)}` };
    case 'Pod': {
      const ip = writtenPodIPs(o).join(',') || '<no IP>';
      return { ...base, details: `ip: ${ip}  labels: ${labelsText(o.metadata.labels)}` };
    }
    case 'NetworkPolicy':
      return {
        ...base,
        details: `pods: ${selectorText(o.spec.podSelector)}  types: ${effectivePolicyTypes(o.spec).join(',')}`,
      };
    default:
      return {
        ...base,
        details: `replicas: ${o.replicas ?? 1}  labels: ${labelsText(o.template.metadata.labels)}`,
      };
  }
}
