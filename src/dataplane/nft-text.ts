/**
 * The ruleset as nft(8) text: one `table inet palisade`, replaced whole in
 * one transaction (`add table` + `delete table` + the table, in one file
 * given to `nft -f`), so no packet ever sees half a ruleset; or, from the
 * ruleset applied before, changed in one transaction by only what differs.
 */
import { LOG_LIMITS, type DeniedLog, type NftCounter } from './counters.js';
import { belowChain, dispatchName, type Hook, type NftChain, type NftSet, type PodRange, type Ruleset } from './ruleset.js';

const NEIGHBOUR_DISCOVERY = 'icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, nd-redirect } accept';

export function rulesetText(r: Ruleset): string {
  const lines: string[] = [
    `# Palisade NetworkPolicy ruleset${r.node ? ` for node ${r.node}` : ' for all pods'}; generated, do not edit.`,
    `table inet ${r.table} {`,
  ];
  if (r.log) lines.push(...limitLines(r.log));
  for (const c of r.counters) lines.push(...counterLines(c));
  for (const s of [...r.sets, ...podRangeSets(r)]) lines.push(...setLines(s));
  for (const kind of ADDRESS_MAPS) {
    for (const m of kind.of(r)) {
      lines.push(`\tmap ${m.name} {`, `\t\ttype ${m.family === 4 ? 'ipv4_addr' : 'ipv6_addr'} : ${kind.value}`);
      if (m.elements.length) lines.push(`\t\telements = { ${m.elements.map((e) => kind.element(e, m.hook)).join(',\n\t\t\t     ')} }`);
      lines.push('\t}');
    }
  }
  for (const c of [...r.chains, ...BELOW_CHAINS]) lines.push(...chainLines(c));
  lines.push(
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...forwardRules(r).map((rule) => `\t\t${rule}`),
    '\t}',
    // Traffic between a pod and its own node never crosses forward: a pod's
    // egress to the node is judged on input, its ingress from the node on
    // output, with the chains for that traffic (see hostChain). Neighbour
    // discovery with the node is never a pod's connection.
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy accept;',
    '\t\tct state established,related accept',
    `\t\t${NEIGHBOUR_DISCOVERY}`,
    ...lookups('host', 'egress').map((rule) => `\t\t${rule}`),
    '\t}',
    '\tchain output {',
    '\t\ttype filter hook output priority filter; policy accept;',
    '\t\tct state established,related accept',
    `\t\t${NEIGHBOUR_DISCOVERY}`,
    ...lookups('host', 'ingress').map((rule) => `\t\t${rule}`),
    '\t}',
    '}',
  );
  return lines.join('\n') + '\n';
}

/**
 * The forward hook's rules: each source's egress chain, then each
 * destination's ingress chain. Addresses in the node's pod CIDRs that are no
 * known pod's are dropped in between, before the ingress chains decide.
 * Last, the audit chains, which only packets every enforcing chain let
 * through reach: the source's, then the destination's (a would-be deny
 * accepts, so a packet is logged as would-deny once).
 */
function forwardRules(r: Ruleset): string[] {
  return [
    'ct state established,related accept',
    ...lookup('enforce', 'forward', 'egress'),
    ...r.podRanges.flatMap(unknownPodDrops),
    ...lookup('enforce', 'forward', 'ingress'),
    ...lookup('audit', 'forward', 'egress'),
    ...lookup('audit', 'forward', 'ingress'),
  ];
}

/** The host hooks' lookups of a direction: the enforcing chains, then the audit chains. */
function lookups(hook: Hook, direction: 'ingress' | 'egress'): string[] {
  return [...lookup('enforce', hook, direction), ...lookup('audit', hook, direction)];
}

/** A pod's address (the source for egress) looked up in a plane's dispatch maps, one per family. */
function lookup(plane: 'enforce' | 'audit', hook: Hook, direction: 'ingress' | 'egress'): string[] {
  const end = direction === 'egress' ? 'saddr' : 'daddr';
  return [`ip ${end} vmap @${dispatchName(plane, hook, direction, 4)}`, `ip6 ${end} vmap @${dispatchName(plane, hook, direction, 6)}`];
}

/** Where admin chains leave packets to the tiers below: the pod's address looked up in the `below` maps, which go on to its chain of those tiers. */
const BELOW_CHAINS: NftChain[] = (['enforce', 'audit'] as const).flatMap((plane) =>
  (['egress', 'ingress'] as const).map((direction) => ({ name: belowChain(plane, direction), rules: lookup(plane, 'below', direction) })),
);

/** Two set lookups per end, whatever the policies: a pod the agent has not heard of is shut until it has. */
function unknownPodDrops({ family, cidrs, known }: PodRange): string[] {
  const ip = family === 4 ? 'ip' : 'ip6';
  return (['saddr', 'daddr'] as const).map((end) => `${ip} ${end} @${cidrs.name} ${ip} ${end} != @${known.name} drop`);
}

function podRangeSets(r: Ruleset): NftSet[] {
  return r.podRanges.flatMap((p) => [p.cidrs, p.known]);
}

/** The maps from a pod address: to its default-deny counter, and to its chain (the dispatch maps). */
const ADDRESS_MAPS: { of: (r: Ruleset) => { name: string; family: 4 | 6; elements: [string, string][]; hook?: Hook }[]; value: string; element: (e: [string, string], hook?: Hook) => string }[] = [
  { of: (r) => r.counterMaps, value: 'counter', element: ([ip, counter]) => `${ip} : "${counter}"` },
  { of: (r) => r.maps, value: 'verdict', element: ([ip, chain], hook) => `${ip} : ${hook === 'below' ? 'goto' : 'jump'} ${chain}` },
];

/** A file for `nft -f` that replaces Palisade's table atomically, whether or not it exists. */
export function replaceTableScript(r: Ruleset): string {
  return `add table inet ${r.table}\ndelete table inet ${r.table}\n${rulesetText(r)}`;
}

function setLines(s: NftSet): string[] {
  const lines = [`\tset ${s.name} {`, `\t\ttype ${s.type}`];
  if (s.interval) lines.push('\t\tflags interval');
  if (s.elements.length) lines.push(`\t\telements = { ${s.elements.join(',\n\t\t\t     ')} }`);
  return [...lines, '\t}'];
}

function limitLines(log: DeniedLog): string[] {
  return Object.values(LOG_LIMITS).flatMap((name) => [`\tlimit ${name} {`, `\t\trate ${log.perSecond}/second burst ${log.perSecond} packets`, '\t}']);
}

function counterLines(c: NftCounter): string[] {
  return [`\tcounter ${c.name} {`, `\t\tcomment "${c.comment}"`, '\t}'];
}

function chainLines(c: NftChain): string[] {
  return [`\tchain ${c.name} {`, ...c.rules.map((rule) => `\t\t${rule}`), '\t}'];
}

/**
 * A file for `nft -f` that turns the table holding `before` into `after` in
 * one transaction, touching only what differs. Chains are named by their
 * rules, so a name in both is the same chain; sets keep their names while
 * their elements change (see `nftSet`), as the dispatch maps do, so a set in
 * both changes element by element. New sets and chains are added first, and
 * those no longer used are flushed and deleted last, once nothing refers to
 * them. The base chains (forward, input, output) and the maps are in every
 * ruleset; only the forward chain's rules change, when the node's pod CIDRs
 * come or go.
 */
export function updateTableScript(before: Ruleset, after: Ruleset, changes = tableChanges(before, after)): string {
  return [`# Palisade NetworkPolicy ruleset${after.node ? ` for node ${after.node}` : ' for all pods'}: changes only; generated, do not edit.`, ...changes].join('\n') + '\n';
}

/** The commands of `updateTableScript`: none when the two rulesets are the same. */
export function tableChanges(before: Ruleset, after: Ruleset): string[] {
  const table = `inet ${after.table}`;
  const setsBefore = new Map([...before.sets, ...podRangeSets(before)].map((s) => [s.name, s]));
  const setsAfter = [...after.sets, ...podRangeSets(after)];
  const keeps = { sets: new Set(setsAfter.map((s) => s.name)), chains: new Set(after.chains.map((c) => c.name)) };
  const hadChains = new Set(before.chains.map((c) => c.name));
  const hadCounters = new Set(before.counters.map((c) => c.name));
  const keepsCounters = new Set(after.counters.map((c) => c.name));
  const added = [
    ...(after.log && !before.log ? limitLines(after.log) : []),
    ...after.counters.filter((c) => !hadCounters.has(c.name)).flatMap(counterLines),
    ...setsAfter.filter((s) => !setsBefore.has(s.name)).flatMap(setLines),
    ...after.chains.filter((c) => !hadChains.has(c.name)).flatMap(chainLines),
  ];
  const lines: string[] = [];
  if (added.length > 0) lines.push(`table ${table} {`, ...added, '}');
  // The cost follows the change, not the node's pods: a relabelled pod moves to another chain and between sets, a new pod's address becomes known.
  for (const kind of ADDRESS_MAPS) {
    const elements = (r: Ruleset, name: string) => {
      const m = kind.of(r).find((x) => x.name === name);
      return new Map((m?.elements ?? []).map((e) => [e[0], kind.element(e, m?.hook)]));
    };
    for (const m of kind.of(after)) lines.push(...elementChanges(table, m.name, elements(before, m.name), elements(after, m.name)));
  }
  for (const s of setsAfter) {
    const was = setsBefore.get(s.name);
    if (was && was.elements !== s.elements) lines.push(...elementChanges(table, s.name, asElements(was), asElements(s)));
  }
  const forward = forwardRules(after);
  if (forwardRules(before).join('\n') !== forward.join('\n')) {
    lines.push(`flush chain ${table} forward`, ...forward.map((rule) => `add rule ${table} forward ${rule}`));
  }
  // A passing chain goes to another chain: flushing every chain that goes
  // first drops those references, so the deletes succeed in any order.
  const gone = before.chains.filter((c) => !keeps.chains.has(c.name));
  for (const c of gone) lines.push(`flush chain ${table} ${c.name}`);
  for (const c of gone) lines.push(`delete chain ${table} ${c.name}`);
  for (const name of setsBefore.keys()) if (!keeps.sets.has(name)) lines.push(`delete set ${table} ${name}`);
  // Last: no rule or map element names them any more.
  for (const name of hadCounters) if (!keepsCounters.has(name)) lines.push(`delete counter ${table} ${name}`);
  return lines;
}

/** A set's elements by themselves, as `elementChanges` takes them. */
function asElements(s: NftSet): Map<string, string> {
  return new Map(s.elements.map((e) => [e, e]));
}

/** Deletes and adds what differs between a set's or map's elements, given by key with their text (a map element whose chain changed goes and comes back). */
function elementChanges(table: string, name: string, was: Map<string, string>, is: Map<string, string>): string[] {
  const removed = [...was].filter(([key, text]) => is.get(key) !== text).map(([key]) => key);
  const added = [...is].filter(([key, text]) => was.get(key) !== text).map(([, text]) => text);
  const lines: string[] = [];
  if (removed.length > 0) lines.push(`delete element ${table} ${name} { ${removed.join(', ')} }`);
  if (added.length > 0) lines.push(`add element ${table} ${name} { ${added.join(', ')} }`);
  return lines;
}
