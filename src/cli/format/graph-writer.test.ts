/** The graph writer: whatever a label holds, read back it is the same text, and the ids stay plain. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDot, readMermaid } from '../graph.test.helper.js';
import { toDot, toMermaid, type Graph } from './graph-writer.js';

// Each a character a language would read as its own: quotes, backslashes, entities, HTML, edge-label bars, lines.
const AWKWARD = ['say "hi" \\ back', 'a #34; b # c', '<b>bold</b> & <br> | pipe', 'end', 'subgraph x'];

const GRAPH: Graph = {
  items: [
    { key: 'end', label: [AWKWARD[0]!, AWKWARD[1]!], shape: 'oval' },
    { title: AWKWARD[2], nodes: [{ key: '"quoted key"', label: [AWKWARD[3]!], bold: true }] },
    { title: undefined, nodes: [{ key: 'policy', label: [AWKWARD[4]!], shape: 'hexagon' }] },
  ],
  edges: [
    { from: 'end', to: '"quoted key"', label: [AWKWARD[2]!, AWKWARD[0]!], tone: 'red', dashed: true },
    { from: 'policy', to: 'end', label: [AWKWARD[1]!] },
  ],
};

for (const [name, write, read] of [
  ['dot', toDot, readDot],
  ['mermaid', toMermaid, readMermaid],
] as const) {
  test(`${name}: labels and titles read back as written, whatever they hold; ids are numbered, not taken from the keys`, () => {
    const graph = read(write(GRAPH));
    assert.deepEqual(
      [...graph.nodes.values()].map((n) => [n.id, n.label, n.shape, n.bold, n.cluster]),
      [
        ['n0', AWKWARD.slice(0, 2), 'oval', false, undefined],
        ['n1', [AWKWARD[3]], 'box', true, 0],
        ['n2', [AWKWARD[4]], 'hexagon', false, 1],
      ],
    );
    assert.deepEqual(graph.clusters, [{ title: AWKWARD[2] }, { title: undefined }]);
    assert.deepEqual(graph.edges, [
      { from: 'n0', to: 'n1', label: [AWKWARD[2], AWKWARD[0]], dashed: true, tone: 'red' },
      { from: 'n2', to: 'n0', label: [AWKWARD[1]], dashed: false, tone: undefined },
    ]);
  });

  test(`${name}: an edge to a node the graph does not declare, or a key declared twice, is a programming error`, () => {
    assert.throws(() => write({ items: [{ key: 'a', label: ['a'] }], edges: [{ from: 'a', to: 'b', label: ['x'] }] }), /an edge names node "b", which the graph does not declare/);
    assert.throws(() => write({ items: [{ key: 'a', label: ['a'] }, { title: 'x', nodes: [{ key: 'a', label: ['b'] }] }], edges: [] }), /node "a" is declared twice/);
  });
}
