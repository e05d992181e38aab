import assert from 'node:assert/strict';
import { it } from 'node:test';
import jsyaml from 'js-yaml';
import { Collector, type InputFile } from '../sources/load-text.js';
import { policySource } from './policy-source.js';

const POLICY = (name: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: {}
`;

function policiesOf(files: InputFile[]) {
  const collector = new Collector('default');
  for (const f of files) collector.addFile(f);
  const m = collector.finish();
  return [...m.policies, ...m.clusterPolicies];
}

it("a policy's own document is given as written, comments and all, without the --- before it", () => {
  const files = [{ name: 'p.yaml', text: `# first\n${POLICY('a')}---\n# second, with a comment\n${POLICY('b')}\n\n`, json: false }];
  const [a, b] = policiesOf(files);
  assert.equal(policySource(a!, files), `# first\n${POLICY('a')}`);
  assert.equal(policySource(b!, files), `# second, with a comment\n${POLICY('b')}`);
});

it('a List item or a JSON object, no document of its own, is written as YAML of the object read', () => {
  const list = `apiVersion: v1\nkind: List\nitems:\n${POLICY('c').replace(/^/gm, '  ').replace(/^ {2}apiVersion/m, '- apiVersion').trimEnd()}\n`;
  const json = JSON.stringify(jsyaml.load(POLICY('d')));
  const files = [
    { name: 'list.yaml', text: list, json: false },
    { name: 'd.json', text: json, json: true },
  ];
  const policies = policiesOf(files);
  assert.deepEqual(
    policies.map((p) => jsyaml.load(policySource(p, files))),
    ['c', 'd'].map((n) => jsyaml.load(POLICY(n))),
  );
});
