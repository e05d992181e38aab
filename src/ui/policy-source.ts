/**
 * A loaded policy as the editor starts from it: its document as written,
 * comments and all, or, where it is no document of its own (an item of a
 * List, a JSON file), the object written as YAML.
 */
import { stringify } from 'yaml';
import { FieldPath } from '../model/field-path.js';
import type { NetworkPolicy, TieredPolicy } from '../model/objects.js';
import { isPlainObject } from '../sources/decode.js';
import type { InputFile } from '../sources/load-text.js';
import { parseYaml } from '../sources/parse-document.js';
import { fileDocuments } from '../sources/split-documents.js';

export function policySource(policy: NetworkPolicy | TieredPolicy, files: readonly InputFile[]): string {
  const { file, line } = policy.origin.locate(FieldPath.root());
  const input = files.find((f) => f.name === file);
  if (input && !input.json && line !== undefined) {
    const doc = fileDocuments(input).findLast((d) => d.firstLine < line);
    const parsed = doc && parseYaml(doc.text);
    if (parsed && parsed.ok && isPlainObject(parsed.value) && parsed.value['kind'] === policy.kind) {
      // Without the blank lines before it (where the split left its `---`) and after it.
      return `${doc.text.replace(/^\s*\n/, '').trimEnd()}\n`;
    }
  }
  return stringify(policy, (key, value: unknown) => (key === 'origin' ? undefined : value));
}
