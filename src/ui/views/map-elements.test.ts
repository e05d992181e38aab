import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Loaded, PortView } from '../protocol.js';
import { mapElements, MAX_PODS } from './map-elements.js';

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

test('an open group draws its pods inside it, at most MAX_PODS of them and a node saying how many more; its arrows stay on the group', () => {
  const changes = [{ change: 'gained' as const, from: [3], to: [0, 1] }];
  const shut = mapElements(loaded, view, { expanded: new Set(['a', 'b']) }, changes);
  const open = mapElements(loaded, view, { expanded: new Set(['a', 'b']), openGroups: new Set([0]) }, changes);
  assert.deepEqual(open.edges, shut.edges);
  assert.deepEqual(
    open.nodes.filter((n) => n.kind === 'pod').map((n) => [n.id, n.parent, n.label, n.endpoint]),
    [
      ['p:0', 'g:0', 'p1', 0],
      ['p:1', 'g:0', 'p2', 1],
    ],
  );
  // A group of a collapsed namespace is not drawn, nor are its pods.
  assert.deepEqual(mapElements(loaded, view, { expanded: new Set(['b']), openGroups: new Set([0]) }, changes).nodes.filter((n) => n.kind === 'pod'), []);

  const many = MAX_PODS + 3;
  const big = {
    ...loaded,
    endpoints: Array.from({ length: many }, (_, i) => ({ ref: `a/p${i}`, namespace: 'a', group: 0 })),
    groups: [{ ...loaded.groups[0]!, label: `a/{app=p} (${many})`, members: Array.from({ length: many }, (_, i) => i) }],
  } satisfies Loaded;
  const bigView: PortView = { ...view, words: new Uint32Array(1), outside: { classes: [], ingress: [[]], egress: [null] } };
  const pods = mapElements(big, bigView, { expanded: new Set(['a']), openGroups: new Set([0]) }).nodes.filter((n) => n.kind === 'pod');
  assert.equal(pods.length, MAX_PODS + 1);
  assert.equal(pods.at(-1)!.label, 'and 3 more (the inspector lists them)');
});
