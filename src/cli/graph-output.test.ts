/**
 * `matrix -o dot` and `-o mermaid`: read back, the graph holds exactly the
 * connections `-o list-json` lists (each end in its namespace's box, or on
 * its own for addresses outside), labelled with the same ports.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { palisade } from './run-cli.test.helper.js';

interface Listed {
  from: string;
  to: string;
  connections: string;
}

/** How to read one graph language back: a node with its label, the start and end of a namespace's box, an edge. */
interface Syntax {
  node: RegExp;
  group: RegExp;
  groupEnd: RegExp;
  edge: (line: string) => { from: string; to: string; label: string } | undefined;
}

const DOT: Syntax = {
  node: /^\s+(n\d+) \[label=("[^"]*")/,
  group: /^\s+label=("[^"]*");$/,
  groupEnd: /^\s+\}$/,
  edge: (line) => {
    const m = /^\s+(n\d+) -> (n\d+) \[label=("[^"]*")\];$/.exec(line);
    return m ? { from: m[1]!, to: m[2]!, label: m[3]! } : undefined;
  },
};

const MERMAID: Syntax = {
  node: /^\s+(n\d+)\(?\[\(?("[^"]*")/,
  group: /^\s+subgraph ns\d+\[("[^"]*")\]$/,
  groupEnd: /^\s+end$/,
  edge: (line) => {
    const m = /^\s+(n\d+) -->\|("[^"]*")\| (n\d+)$/.exec(line);
    return m ? { from: m[1]!, to: m[3]!, label: m[2]! } : undefined;
  },
};

/** The graph's edges as `from => to : ports`, each node named by its namespace's box and its label. */
function edgesOf(text: string, syntax: Syntax): string[] {
  const names = new Map<string, string>();
  let namespace: string | undefined;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const group = syntax.group.exec(line);
    if (group) namespace = JSON.parse(group[1]!) as string;
    else if (syntax.groupEnd.test(line)) namespace = undefined;
    const node = syntax.node.exec(line);
    if (node) {
      const label = JSON.parse(node[2]!) as string;
      names.set(node[1]!, namespace === undefined ? label : `${namespace}/${label}`);
    }
    const edge = syntax.edge(line);
    if (edge) out.push(`${names.get(edge.from)} => ${names.get(edge.to)} : ${JSON.parse(edge.label) as string}`);
  }
  return out.sort();
}

for (const args of [['-f', 'examples/seed'], ['-f', 'examples/seed', '--focus', 'default/db'], ['-f', 'examples/cluster-network-policy']]) {
  test(`matrix ${args.join(' ')}: -o dot and -o mermaid draw the connections -o list-json lists`, () => {
    const listed = JSON.parse(palisade(['matrix', ...args, '-o', 'list-json']).stdout) as Listed[];
    const expected = listed.map((c) => `${c.from} => ${c.to} : ${c.connections}`).sort();
    assert.ok(expected.length > 0);
    const dot = palisade(['matrix', ...args, '-o', 'dot']);
    assert.equal(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /^digraph palisade \{\n[\s\S]*\n\}\n$/);
    assert.deepEqual(edgesOf(dot.stdout, DOT), expected);
    const mermaid = palisade(['matrix', ...args, '-o', 'mermaid']);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^flowchart LR\n/);
    assert.deepEqual(edgesOf(mermaid.stdout, MERMAID), expected);
  });
}
