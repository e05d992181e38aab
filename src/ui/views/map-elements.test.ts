import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Loaded, PortView } from '../protocol.js';
import { mapElements } from './map-elements.js';

/** Two namespaces: `a` with a group of two pods and one of one, `b` with one pod; nothing allowed. */
const loaded = {
  type: 'loaded',
  timings: {},
  endpoints: [
    { ref: 'a/p1', namespace: 'a', group: 0 },
    { ref: 'a/p2', namespace: 'a', group: 0 },
    { ref: 'a/q', namespace: 'a', group: 1 },
    { ref: 'b/r', namespace: 'b', group: 2 },
  ],
  groups: [
    { label: 'a/{app=p} (2)', namespace: 'a', labels: { app: 'p' }, members: [0, 1], ingress: ['namespace'], egress: [] },
    { label: 'a/q', namespace: 'a', labels: { app: 'q' }, members: [2], ingress: ['namespace'], egress: [] },
    { label: 'b/r', namespace: 'b', labels: { app: 'r' }, members: [3], ingress: [], egress: ['admin'] },
  ],
  ports: ['80/TCP'],
  diagnostics: [],
  ignoredPolicies: [],
} satisfies Loaded;
const view: PortView = { type: 'port', port: 0, wordsPerRow: 1, words: new Uint32Array(3), outside: { classes: ['0.0.0.0/0'], ingress: [[], [], null], egress: [null, null, []] } };

test('a change is one arrow between the nodes its pods are drawn in, however many pods each side has', () => {
  const changes = [{ change: 'lost' as const, from: [3], to: [0, 1] }, { change: 'gained' as const, from: [3], to: [0, 1, 2] }];
  const expanded = mapElements(loaded, view, { expanded: new Set(['a', 'b']), changesOnly: true }, changes);
  assert.deepEqual(
    expanded.edges.map((e) => [e.kind, e.source, e.target, e.count]),
    [
      ['lost', 'g:2', 'g:0', 1],
      ['gained', 'g:2', 'g:0', 1],
      ['gained', 'g:2', 'g:1', 1],
    ],
  );
  // Collapsed, namespace a is one node: the gained change is one arrow into it, and its label counts its three pods.
  const collapsed = mapElements(loaded, view, { expanded: new Set(), changesOnly: true }, changes);
  assert.deepEqual(collapsed.edges.map((e) => [e.kind, e.source, e.target, e.count]), [
    ['lost', 'ns:b', 'ns:a', 1],
    ['gained', 'ns:b', 'ns:a', 1],
  ]);
  assert.deepEqual(collapsed.nodes.map((n) => n.label).sort(), ['a (3 pods)', 'b (1 pod)']);
});
