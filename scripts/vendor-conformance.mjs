// Vendors a conformance suite of github:kubernetes-sigs/network-policy-api
// (conformance/) at one commit or tag into a folder of src/engine/conformance/:
//
//   node scripts/vendor-conformance.mjs <git dir of a network-policy-api clone or mirror> <commit or tag> <output folder>
//
// Palisade vendors two versions of the suite:
//   ClusterNetworkPolicy (v1alpha2):
//     node scripts/vendor-conformance.mjs <git dir> 0eec1b0e5fa92715b4c0f4c48d3c8d2913ed2159 src/engine/conformance/cnp-suite
//   AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1), the release v0.1.8:
//     node scripts/vendor-conformance.mjs <git dir> v0.1.8 src/engine/conformance/anp-suite
//
// It reads the upstream files at the commit with `git show`, renders their Go
// templates with the values the suite uses by default, and writes
// <output folder>/files.ts: each YAML file the tests apply (base/manifests.yaml
// and the policy files), with a header naming its origin, as FILES (tsc does
// not copy YAML to dist/), and what it reads out of conformance/tests/*.go so that a test can
//   hold the hand transcription against upstream: for every ConformanceTest its
//   features, manifests, t.Run names, the changes each subtest makes (Patch and
//   Delete calls, counted) and its PokeServer calls (POKE_COUNTS counts them),
//   resolved to `namespace/pod` names and port numbers.
//
// The Go is read with a few regular expressions that fit the suite's ways of
// writing a test (v0.1.8's `s.Client.Get` of a `&v1.Pod{}` and a PokeServer
// that returns whether the poke went as expected, asserted right after; the
// later `kubernetes.GetPod` and a PokeServer that asserts itself); anything
// they do not recognise stops the script rather than being skipped (every
// `PokeServer(` must parse as a call it understands).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const REPOSITORY = 'https://github.com/kubernetes-sigs/network-policy-api';
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT = 'scripts/vendor-conformance.mjs';

const [gitDir, ref, outArg] = process.argv.slice(2);
if (!gitDir || !ref || !outArg) {
  process.stderr.write(`usage: node ${SCRIPT} <git dir of network-policy-api> <commit or tag> <output folder>\n`);
  process.exit(2);
}
const OUT = resolve(outArg);
const OUT_NAME = relative(ROOT, OUT);

const git = (...args) => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', `${ref}^{commit}`).trim();
const show = (path) => git('show', `${commit}:${path}`);
const list = (dir) => git('ls-tree', '-r', '--name-only', commit, dir).split('\n').filter(Boolean);

function fail(message) {
  throw new Error(`vendor-conformance: ${message}`);
}

function must(match, what) {
  if (!match) fail(`cannot find ${what}`);
  return match;
}

// --- The suite's defaults (conformance/utils/suite/suite.go) ------------------

const suiteGo = show('conformance/utils/suite/suite.go');
const portsAmount = Number(must(/const hostNetworkPortsAmount = (\d+)/.exec(suiteGo), 'hostNetworkPortsAmount in suite.go')[1]);
const portRangeStart = Number(
  must(/suite\.HostNetworkPortRangeStart = (\d+)/.exec(suiteGo), 'the default HostNetworkPortRangeStart in suite.go')[1],
);
// Setup: the range end defaults to start + hostNetworkPortsAmount - 1, and HostNetworkPorts is every port of the range.
const HOST_NETWORK_PORTS = Array.from({ length: portsAmount }, (_, i) => portRangeStart + i);

// Features (conformance/utils/suite/features.go): which are standard; any other makes a test experimental.
const featuresGo = show('conformance/utils/suite/features.go');
const FEATURE_NAMES = new Map([...featuresGo.matchAll(/(\w+)\s+SupportedFeature = "([^"]+)"/g)].map((m) => [m[1], m[2]]));
const STANDARD_FEATURES = new Set(
  [...must(/StandardFeatures = sets\.New\(([^)]*)\)/.exec(featuresGo), 'StandardFeatures in features.go')[1].matchAll(/(\w+)/g)].map((m) => {
    const value = FEATURE_NAMES.get(m[1]);
    if (!value) fail(`StandardFeatures names an unknown feature ${m[1]}`);
    return value;
  }),
);

// --- YAML: templates rendered as kubernetes.Applier's applyTemplate does --------

const TEMPLATE_ACTION = /\{\{\s*index\s+\.HostNetworkPorts\s+(\d+)\s*\}\}/g;

function render(text, path) {
  let rendered = false;
  const out = text.replace(TEMPLATE_ACTION, (_, i) => {
    const port = HOST_NETWORK_PORTS[Number(i)];
    if (port === undefined) fail(`${path}: HostNetworkPorts index ${i} is out of range`);
    rendered = true;
    return String(port);
  });
  if (out.includes('{{')) fail(`${path}: a template action other than {{ index .HostNetworkPorts N }} is left`);
  return { out, rendered };
}

const yamlPaths = ['conformance/base/manifests.yaml', ...list('conformance/base').filter((p) => p.endsWith('.yaml') && p !== 'conformance/base/manifests.yaml')];
const FILES = {};
for (const path of yamlPaths) {
  const { out, rendered } = render(show(path), path);
  const header = [
    `# Vendored from ${REPOSITORY}`,
    `#   path:   ${path}`,
    `#   commit: ${commit}`,
    '# Copyright The Kubernetes Authors. Licensed under the Apache License, Version 2.0',
    '# (http://www.apache.org/licenses/LICENSE-2.0); the upstream LICENSE applies to this file.',
    `# Written by ${SCRIPT}; do not edit (run the script again).`,
    rendered
      ? `# Go template rendered as the suite does by default: .HostNetworkPorts = [${HOST_NETWORK_PORTS.join(', ')}]\n` +
        `# (suite.go: HostNetworkPortRangeStart ${portRangeStart}, hostNetworkPortsAmount ${portsAmount}); otherwise verbatim.`
      : '# Verbatim (no Go template actions).',
  ].join('\n');
  const key = path.replace(/^conformance\//, ''); // as the tests' Manifests name it: base/admin_tier/...
  FILES[key] = `${header}\n${out}`;
}

// --- Go: the ConformanceTests of conformance/tests/*.go -------------------------

/** The Go text with comments blanked out (strings and raw strings kept), so that commented-out code counts for nothing. */
function stripComments(src) {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += c === '"' && src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      out += src.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const goString = (s) => JSON.parse(`"${s}"`);
/**
 * A PokeServer call: client namespace and pod, protocol, the server variable
 * whose Status.PodIP it passes, the port, the expectation. v0.1.8 passes
 * s.TimeoutConfig.RequestTimeout and returns whether the poke went as
 * expected (the caller asserts it); later versions pass s.TimeoutConfig and
 * assert inside.
 */
const POKE =
  /kubernetes\.PokeServer\(t,\s*s\.ClientSet,\s*&s\.KubeConfig,\s*"([^"]+)",\s*"([^"]+)",\s*"(tcp|udp|sctp)",\s*(\w+)\.Status\.PodIP,\s*int32\((\d+|s\.HostNetworkPorts\[(\d+)\])\),\s*s\.TimeoutConfig(?:\.RequestTimeout)?,\s*(true|false)\)/y;
/** A server pod fetched: `x := kubernetes.GetPod(t, s.Client, "ns", "name", ...)`, or v0.1.8's `s.Client.Get(ctx, client.ObjectKey{...}, x)`. */
const GET_POD = /(\w+)\s*:?=\s*kubernetes\.GetPod\(t,\s*s\.Client,\s*"([^"]+)",\s*"([^"]+)"/y;
const CLIENT_GET = /s\.Client\.Get\(ctx,\s*client\.ObjectKey\{([^}]*)\},\s*(\w+)\)/y;
/** A change to the cluster: a Patch helper of the suite's utils, a client Patch, a client Delete. */
const MUTATION = /kubernetes\.Patch\w+\(|s\.Client\.(?:Patch|Delete)\(/y;
const EVENT = /t\.Run\("((?:[^"\\]|\\.)*)"|(\w+)\s*:?=\s*&v1\.Pod\{\}|\w+\s*:?=\s*kubernetes\.GetPod\(|s\.Client\.Get\(|kubernetes\.Patch\w+\(|s\.Client\.(?:Patch|Delete)\(|(?:(\w+)\s*:?=\s*)?kubernetes\.PokeServer\(|s\.Client\.\w+\(|kubernetes\.\w+\(/g;

/** Runs a sticky regular expression at index i of text, or returns null. */
function at(re, text, i) {
  re.lastIndex = i;
  return re.exec(text);
}

const testFiles = list('conformance/tests').filter((p) => p.endsWith('.go'));
const registered = []; // variable names, in init() order: Go runs a package's init functions file by file in name order
const tests = new Map(); // variable name -> test
for (const file of testFiles) {
  const src = stripComments(show(file));
  for (const m of src.matchAll(/func init\(\)\s*\{\s*ConformanceTests = append\(ConformanceTests,([^)]*)\)/g)) {
    registered.push(...[...m[1].matchAll(/(\w+)/g)].map((x) => x[1]));
  }
  const starts = [...src.matchAll(/var (\w+) = suite\.ConformanceTest\{/g)];
  starts.forEach((start, n) => {
    const block = src.slice(start.index, starts[n + 1]?.index ?? src.length);
    const variable = start[1];
    const shortName = must(/ShortName:\s*"([^"]+)"/.exec(block), `ShortName of ${variable}`)[1];
    const description = goString(must(/Description:\s*"((?:[^"\\]|\\.)*)"/.exec(block), `Description of ${variable}`)[1]);
    const features = [...must(/Features:\s*\[\]suite\.SupportedFeature\{([^}]*)\}/.exec(block), `Features of ${variable}`)[1].matchAll(/suite\.(\w+)/g)].map(
      (x) => FEATURE_NAMES.get(x[1]) ?? fail(`${variable}: unknown feature ${x[1]}`),
    );
    const manifests = [...must(/Manifests:\s*\[\]string\{([^}]*)\}/.exec(block), `Manifests of ${variable}`)[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
    for (const m of manifests) if (!(m in FILES)) fail(`${shortName}: manifest ${m} is not among the vendored files`);

    const podVariables = new Set(); // Go variables declared as (or set to) &v1.Pod{}
    const servers = new Map(); // Go variable -> namespace/pod it holds at this point of the source
    const subtests = [];
    const current = (what) => subtests.at(-1) ?? fail(`${shortName}: ${what} outside t.Run`);
    const near = (i) => JSON.stringify(block.slice(i, i + 200));
    for (const e of block.matchAll(EVENT)) {
      const text = e[0];
      if (e[1] !== undefined) {
        subtests.push({ name: goString(e[1]), mutations: 0, pokes: [] });
      } else if (e[2] !== undefined) {
        podVariables.add(e[2]);
      } else if (text.includes('kubernetes.GetPod(')) {
        const g = at(GET_POD, block, e.index) ?? fail(`${shortName}: cannot read the GetPod call at ${near(e.index)}`);
        servers.set(g[1], `${g[2]}/${g[3]}`);
      } else if (text === 's.Client.Get(') {
        const g = at(CLIENT_GET, block, e.index) ?? fail(`${shortName}: cannot read the s.Client.Get call at ${near(e.index)}`);
        if (podVariables.has(g[2])) {
          const namespace = /Namespace:\s*"([^"]+)"/.exec(g[1]);
          const name = /Name:\s*"([^"]+)"/.exec(g[1]);
          if (!namespace || !name) fail(`${shortName}: the pod ${g[2]} is fetched without a literal namespace and name at ${near(e.index)}`);
          servers.set(g[2], `${namespace[1]}/${name[1]}`);
        }
      } else if (at(MUTATION, block, e.index)) {
        current('a Patch or Delete').mutations++;
      } else if (text.endsWith('PokeServer(')) {
        const callAt = e.index + text.indexOf('kubernetes.PokeServer(');
        const p = at(POKE, block, callAt) ?? fail(`${shortName}: cannot read the PokeServer call at ${near(callAt)}`);
        if (e[3] !== undefined) {
          // v0.1.8: the call only reports; an expectation counts only if the test asserts the result right away.
          const asserted = new RegExp(`\\s*assert\\.True\\(t,\\s*${e[3]}\\)`, 'y');
          if (!at(asserted, block, POKE.lastIndex)) fail(`${shortName}: the result of the PokeServer call at ${near(callAt)} is not asserted right after it`);
        }
        const to = servers.get(p[4]) ?? fail(`${shortName}: ${p[4]} is not a pod the test fetched`);
        const port = p[6] !== undefined ? HOST_NETWORK_PORTS[Number(p[6])] : Number(p[5]);
        if (port === undefined) fail(`${shortName}: HostNetworkPorts[${p[6]}] is out of range`);
        current('a PokeServer call').pokes.push({ from: `${p[1]}/${p[2]}`, to, protocol: p[3].toUpperCase(), port, allowed: p[7] === 'true' });
      } else if (/Patch|Delete|Update|Create|Apply/.test(text)) {
        fail(`${shortName}: a call that may change the cluster and that the script does not know: ${near(e.index)}`);
      }
    }
    const calls = (block.match(/PokeServer\(/g) ?? []).length;
    const parsed = subtests.reduce((n, s) => n + s.pokes.length, 0);
    if (calls !== parsed) fail(`${shortName}: ${calls} PokeServer calls but ${parsed} understood`);
    if (tests.has(variable)) fail(`${variable} is declared twice`);
    const channel = features.every((f) => STANDARD_FEATURES.has(f)) ? 'standard' : 'experimental';
    tests.set(variable, { shortName, description, file, channel, features, manifests, subtests, pokeCount: calls });
  });
}
for (const v of registered) if (!tests.has(v)) fail(`init() registers ${v}, which no file declares`);
const unregistered = [...tests.keys()].filter((v) => !registered.includes(v));
const ordered = [...registered.map((v) => ({ ...tests.get(v), registered: true })), ...unregistered.map((v) => ({ ...tests.get(v), registered: false }))];

// --- Output -------------------------------------------------------------------

const q = (v) => JSON.stringify(v);
const lines = (text) => `[\n${text.split('\n').map((l) => `    ${q(l)},`).join('\n')}\n  ].join('\\n')`;
const ts = `// Generated by ${SCRIPT} from ${REPOSITORY}
// at ${ref === commit ? 'commit' : `${ref}, commit`} ${commit}; do not edit (run the script again).
// The YAML texts are Copyright The Kubernetes Authors, Apache License 2.0.

/** Where the suite comes from, and the template values its files were rendered with. */
export const UPSTREAM = {
  repository: ${q(REPOSITORY)},
  /** What the script was given: a tag, or the commit itself. */
  ref: ${q(ref)},
  commit: ${q(commit)},
  license: 'Apache-2.0',
  /** .HostNetworkPorts as the suite sets it by default (suite.go Setup). */
  hostNetworkPorts: ${q(HOST_NETWORK_PORTS)},
} as const;

/**
 * The YAML files the conformance tests apply, keyed as the tests name them
 * (\`${must(ordered.find((t) => t.manifests.length > 0), 'a test with manifests').manifests[0]}\`); \`base/manifests.yaml\`
 * is what the suite's Setup applies once for all tests. Each text starts with
 * a comment naming its origin; the rest is upstream's, templates rendered.
 */
export const FILES: Record<string, string> = {
${Object.entries(FILES)
  .map(([k, v]) => `  ${q(k)}: ${lines(v)},`)
  .join('\n')}
};

/** The number of PokeServer calls of each ConformanceTest (by ShortName), counted in its Go source. */
export const POKE_COUNTS: Record<string, number> = {
${ordered.map((t) => `  ${q(t.shortName)}: ${t.pokeCount},`).join('\n')}
};

/** A PokeServer call as read from the Go source: the server pod is the one whose Status.PodIP it passes. */
export interface UpstreamPoke {
  from: string;
  to: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  allowed: boolean;
}

/** A ConformanceTest as read from the Go source, in the order the suite runs them. */
export interface UpstreamTest {
  shortName: string;
  description: string;
  /** The Go file that declares it. */
  file: string;
  /** Whether an init() adds it to ConformanceTests (only those run). */
  registered: boolean;
  channel: 'standard' | 'experimental';
  features: readonly string[];
  manifests: readonly string[];
  /** Each t.Run: its name, how many Patch and Delete calls it makes (in order with its pokes), its PokeServer calls. */
  subtests: readonly { name: string; mutations: number; pokes: readonly UpstreamPoke[] }[];
}

export const UPSTREAM_TESTS: readonly UpstreamTest[] = [
${ordered
  .map(
    (t) => `  {
    shortName: ${q(t.shortName)},
    description: ${q(t.description)},
    file: ${q(t.file)},
    registered: ${t.registered},
    channel: ${q(t.channel)},
    features: ${q(t.features)},
    manifests: ${q(t.manifests)},
    subtests: [
${t.subtests
  .map(
    (s) => `      {
        name: ${q(s.name)},
        mutations: ${s.mutations},
        pokes: [
${s.pokes.map((p) => `          { from: ${q(p.from)}, to: ${q(p.to)}, protocol: ${q(p.protocol)}, port: ${p.port}, allowed: ${p.allowed} },`).join('\n')}
        ],
      },`,
  )
  .join('\n')}
    ],
  },`,
  )
  .join('\n')}
];
`;
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'files.ts'), ts);

const pokes = ordered.reduce((n, t) => n + t.pokeCount, 0);
process.stdout.write(
  `vendored ${Object.keys(FILES).length} YAML files and ${ordered.length} ConformanceTests ` +
    `(${ordered.reduce((n, t) => n + t.subtests.length, 0)} subtests, ${pokes} pokes` +
    `${unregistered.length ? `; not registered: ${unregistered.join(', ')}` : ''}) from ${ref} (${commit}) into ${OUT_NAME}/files.ts\n`,
);
