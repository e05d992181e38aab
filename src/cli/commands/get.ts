/** `palisade get`: what was loaded, one line per object, as `kubectl get` shows it. */
import { Command, Option } from 'commander';
import { FieldPath } from '../../model/field-path.js';
import { entryOf, objectsOf } from '../../model/kinds.js';
import { describeObject, placeText, type KubeObject } from '../../model/objects.js';
import { controllerOf } from '../../engine/owners.js';
import type { Manifests } from '../../sources/load-text.js';
import type { ValidationReport } from '../../validation/manifests.js';
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
    .action(async (opts: InputOptions & { output: 'table' | 'json' }) => {
      const { manifests: m, report } = await readAndValidate(opts);
      throwIoErrors(report);
      const rows = getRows(m, report);
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

/** One row per object, bucket by bucket in the registry's order (namespaces, pods, workloads, policies). */
export function getRows(m: Manifests, report: ValidationReport): Row[] {
  return objectsOf(m).map((o) => row(o, !report.invalid.has(o)));
}

function row(o: KubeObject, valid: boolean): Row {
  const r = objectRow(o, valid);
  const owner = controllerOf(o.metadata);
  return owner ? { ...r, details: `${r.details}  of: ${owner.kind}/${owner.name}` } : r;
}

function objectRow(o: KubeObject, valid: boolean): Row {
  const entry = entryOf(o);
  return {
    kind: o.kind,
    namespace: entry.namespaced ? (o.metadata.namespace ?? '') : '',
    name: o.metadata.name ?? describeObject(o),
    source: o.kind === 'Namespace' && o.implicit ? '(not declared)' : placeText(o.origin.locate(FieldPath.root()), { column: false }),
    valid,
    details: entry.details(o),
  };
}
