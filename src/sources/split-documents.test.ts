import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitYamlDocuments } from './split-documents.js';

test('splits on --- lines and remembers where each document starts', () => {
  const docs = splitYamlDocuments('a: 1\n---\nb: 2\nc: 3\n---\nd: 4\n');
  assert.deepEqual(
    docs.map((d) => [d.text.trim(), d.firstLine]),
    [
      ['a: 1', 0],
      ['b: 2\nc: 3', 1],
      ['d: 4', 4],
    ],
  );
});

test('keeps content after the marker on its line, at its column', () => {
  const [doc] = splitYamlDocuments('--- {a: 1}\n');
  assert.equal(doc?.text, '    {a: 1}\n');
});

test('a --- inside a value is not a boundary; `...` ends a document', () => {
  const docs = splitYamlDocuments('a: "x --- y"\nb: |\n  ---\n...\nc: 1\n');
  assert.equal(docs.length, 2);
  assert.match(docs[0]!.text, /b: \|\n {2}---/);
  assert.equal(docs[1]!.text.trim(), 'c: 1');
  assert.equal(docs[1]!.firstLine, 3);
});

test('blank documents are dropped', () => {
  assert.equal(splitYamlDocuments('---\n---\n\n---\na: 1\n').length, 1);
  assert.equal(splitYamlDocuments('').length, 0);
});
