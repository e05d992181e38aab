/**
 * Lint configuration: `.palisade.yaml` in the current directory, or a file
 * given with `--config` (config-file.ts finds and reads it). Only the `lint`
 * section is parsed here; other top-level sections belong to other commands
 * and are left alone.
 *
 * ```yaml
 * lint:
 *   checks:
 *     PAL004: off                 # by ID…
 *     ipblock-covers-pods: error  # …or by name
 *   dns:                          # the cluster DNS, for PAL006 and PAL002
 *   - namespace: kube-system
 *     labels: {k8s-app: kube-dns}
 *     ports: [53]                 # the default
 *     protocols: [UDP, TCP]       # the default
 *   - ip: 169.254.20.10           # NodeLocal DNSCache
 * ```
 *
 * A mistake is an error naming the file, line and column, and what would be
 * right: a config that silently does nothing is worse than none.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { parseAddress } from '../../engine/ip.js';
import type { Labels } from '../../model/objects.js';
import { isDNS1123Label, isQualifiedName, isValidLabelValue } from '../../validation/names.js';
import { CHECKS, findCheck, SEVERITIES, type CheckId, type LintSeverity } from './checks.js';
import type { DnsPort, DnsTarget } from './dns-targets.js';

export type CheckSetting = LintSeverity | 'off';

export interface LintConfig {
  /** Per check ID: a severity, or off. Checks not listed keep their defaults. */
  checks: Partial<Record<CheckId, CheckSetting>>;
  /** The cluster DNS, replacing the default (kube-dns in kube-system) when given. */
  dns?: DnsTarget[];
  /** The file it came from, when it came from one. */
  file?: string;
}

export const DEFAULT_CONFIG: LintConfig = { checks: {} };

export class LintConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}

const SETTINGS = ['off', ...SEVERITIES].join(', ');
const LINT_KEYS = ['checks', 'dns'];
const TARGET_KEYS = ['namespace', 'labels', 'ip', 'ports', 'protocols'];
const TARGET_EXAMPLE = '"- {namespace: kube-system, labels: {k8s-app: kube-dns}}" or "- {ip: 169.254.20.10}"';
const DEFAULT_PORTS = [53];
const DEFAULT_PROTOCOLS: DnsPort['protocol'][] = ['UDP', 'TCP'];

/** Parses one document, failing at the node at fault. */
class ConfigReader {
  private readonly lines = new LineCounter();

  constructor(private readonly file: string) {}

  parse(text: string): Node | null {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) this.failAt(err.pos[0], `not valid YAML: ${err.message.split('\n')[0]}`);
    return doc.contents;
  }

  fail(node: unknown, problem: string): never {
    return this.failAt((node as Node | null)?.range?.[0], problem);
  }

  private failAt(offset: number | undefined, problem: string): never {
    const { line, col } = this.lines.linePos(offset ?? 0);
    throw new LintConfigError(this.file, line, col, problem);
  }
}

/** Absent, `~` or an empty value. */
function isUnset(n: unknown): boolean {
  return n === undefined || n === null || (isScalar(n) && (n.value === null || n.value === ''));
}

export function parseLintConfig(text: string, file: string): LintConfig {
  const r = new ConfigReader(file);
  const root = r.parse(text);
  const config: LintConfig = { checks: {}, file };
  if (isUnset(root)) return config;
  if (!isMap(root)) return r.fail(root, 'the config must be a map of sections, e.g. "lint:"');
  const lint = root.get('lint', true) as unknown;
  if (isUnset(lint)) return config;
  if (!isMap(lint)) return r.fail(lint, '"lint" must be a map, e.g. "lint: { checks: { PAL004: off } }"');
  for (const item of lint.items) {
    if (!isPair(item) || !isScalar(item.key)) return r.fail(item, 'expected "checks:" or "dns:" under "lint"');
    const key = String(item.key.value);
    if (!LINT_KEYS.includes(key)) return r.fail(item.key, `unknown key "${key}" under "lint": the keys are ${LINT_KEYS.map((k) => `"${k}"`).join(' and ')}`);
    if (key === 'checks' && !isUnset(item.value)) config.checks = parseChecks(r, item.value);
    if (key === 'dns') config.dns = parseDnsTargets(r, item.key, item.value);
  }
  return config;
}

function parseChecks(r: ConfigReader, node: unknown): LintConfig['checks'] {
  if (!isMap(node)) return r.fail(node, '"checks" must be a map from a check ID or name to one of: ' + SETTINGS);
  const checks: LintConfig['checks'] = {};
  const setAt = new Map<CheckId, string>();
  for (const entry of node.items) {
    if (!isPair(entry) || !isScalar(entry.key)) return r.fail(entry, `expected "ID-or-name: setting"`);
    const key = String(entry.key.value);
    const check = findCheck(key);
    if (!check) return r.fail(entry.key, `unknown check "${key}": the checks are ${CHECKS.map((c) => `${c.id} (${c.name})`).join(', ')}`);
    const id = check.id as CheckId;
    const earlier = setAt.get(id);
    if (earlier !== undefined) return r.fail(entry.key, `${check.id} (${check.name}) is already set, as "${earlier}": set each check once`);
    setAt.set(id, key);
    const raw = isScalar(entry.value) ? entry.value.value : undefined;
    // `off` is a string in YAML 1.2; `false` is what YAML 1.1 habits write for it.
    const setting = raw === false ? 'off' : typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
    if (setting !== 'off' && !SEVERITIES.includes(setting as LintSeverity)) {
      return r.fail(entry.value ?? entry.key, `"${key}": ${raw === undefined || raw === null ? 'no setting' : `"${String(raw)}" is not a setting`}: write one of ${SETTINGS}`);
    }
    checks[id] = setting as CheckSetting;
  }
  return checks;
}

/** `dns:` a list of targets; it replaces the default, so it may not be empty. */
function parseDnsTargets(r: ConfigReader, key: unknown, node: unknown): DnsTarget[] {
  if (isUnset(node) || (isSeq(node) && node.items.length === 0)) {
    return r.fail(isUnset(node) ? key : node, `"dns" lists no target: list the cluster DNS, e.g. ${TARGET_EXAMPLE}, or turn the check off with "checks: {PAL006: off}"`);
  }
  if (!isSeq(node)) return r.fail(node, `"dns" must be a list of DNS targets, e.g. ${TARGET_EXAMPLE}`);
  return node.items.map((item) => parseDnsTarget(r, item));
}

function parseDnsTarget(r: ConfigReader, node: unknown): DnsTarget {
  if (!isMap(node)) return r.fail(node, `a DNS target is a map: pods ({namespace, labels}) or an address ({ip}), with optional ports and protocols, e.g. ${TARGET_EXAMPLE}`);
  for (const item of node.items) {
    const key = isPair(item) && isScalar(item.key) ? String(item.key.value) : undefined;
    if (key === undefined || !TARGET_KEYS.includes(key)) {
      return r.fail(isPair(item) ? item.key : item, `unknown key "${key ?? ''}" in a DNS target: the keys are ${TARGET_KEYS.join(', ')}`);
    }
  }
  const ports = parsePorts(r, node);
  const ip = node.get('ip', true) as unknown;
  const namespace = node.get('namespace', true) as unknown;
  const labels = node.get('labels', true) as unknown;
  if (ip !== undefined) {
    if (namespace !== undefined || labels !== undefined) {
      return r.fail(namespace ?? labels, 'a DNS target is pods (namespace, labels) or an address (ip), not both: split it into two targets');
    }
    const address = isScalar(ip) && typeof ip.value === 'string' ? parseAddress(ip.value) : undefined;
    if (!address) return r.fail(ip, `"ip": ${scalarText(ip)} is not an IP address: write one address, e.g. 169.254.20.10 (NodeLocal DNSCache)`);
    return { ip: address.text, ports };
  }
  if (namespace === undefined) {
    return r.fail(labels ?? node, `a DNS target needs "namespace" (with "labels") for DNS pods, or "ip" for an address, e.g. ${TARGET_EXAMPLE}`);
  }
  const name = isScalar(namespace) && typeof namespace.value === 'string' ? namespace.value : undefined;
  const problems = name === undefined ? ['a namespace name is a string'] : isDNS1123Label(name);
  if (problems.length > 0) return r.fail(namespace, `"namespace": ${scalarText(namespace)} is not a namespace name: ${problems.join('; ')}`);
  return { namespace: name!, labels: labels === undefined ? {} : parseLabels(r, labels), ports };
}

function parseLabels(r: ConfigReader, node: unknown): Labels {
  if (!isMap(node)) return r.fail(node, '"labels" must be a map of the labels the DNS pods carry, e.g. {k8s-app: kube-dns}');
  const labels: Labels = {};
  for (const item of node.items) {
    const key = isPair(item) && isScalar(item.key) ? String(item.key.value) : '';
    const keyProblems = isQualifiedName(key);
    if (keyProblems.length > 0) return r.fail(isPair(item) ? item.key : item, `label key "${key}": ${keyProblems.join('; ')}`);
    const value = isScalar(item.value) ? item.value.value : undefined;
    if (typeof value !== 'string') return r.fail(item.value ?? item.key, `label "${key}": ${scalarText(item.value)} is not a string: quote it, e.g. ${key}: "${String(value)}"`);
    const valueProblems = isValidLabelValue(value);
    if (valueProblems.length > 0) return r.fail(item.value, `label "${key}": "${value}": ${valueProblems.join('; ')}`);
    labels[key] = value;
  }
  return labels;
}

/** `ports` × `protocols`, port by port; each a scalar or a list. */
function parsePorts(r: ConfigReader, target: YAMLMap): DnsPort[] {
  const ports = listOf(r, target, 'ports', DEFAULT_PORTS, (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : undefined), 'a port number from 1 to 65535, e.g. [53] or [53, 5353]');
  const protocols = listOf(r, target, 'protocols', DEFAULT_PROTOCOLS, (v) => (typeof v === 'string' && ['UDP', 'TCP'].includes(v.toUpperCase()) ? (v.toUpperCase() as DnsPort['protocol']) : undefined), 'UDP, TCP or both: DNS is served over UDP, and TCP for large answers');
  return ports.flatMap((port) => protocols.map((protocol) => ({ protocol, port })));
}

function listOf<T>(r: ConfigReader, target: YAMLMap, key: string, fallback: T[], read: (v: unknown) => T | undefined, right: string): T[] {
  const node = target.get(key, true) as unknown;
  if (node === undefined) return fallback;
  const items = isSeq(node) ? node.items : [node];
  if (items.length === 0) return r.fail(node, `"${key}" is empty: write ${right}`);
  const out: T[] = [];
  for (const item of items) {
    const value = isScalar(item) ? read(item.value) : undefined;
    if (value === undefined) return r.fail(item, `"${key}": ${scalarText(item)} is not ${right}`);
    if (out.includes(value)) return r.fail(item, `"${key}": ${String(value)} is listed twice`);
    out.push(value);
  }
  return out;
}

/** A scalar as written, for messages; `a map` or `a list` otherwise. */
function scalarText(n: unknown): string {
  if (isScalar(n)) return n.value === null ? 'nothing' : typeof n.value === 'string' ? `"${n.value}"` : String(n.value);
  return isMap(n) ? 'a map' : isSeq(n) ? 'a list' : 'nothing';
}
