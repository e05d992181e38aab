/**
 * The lint runner: runs the enabled checks on a compiled engine, applies the
 * configuration (off, severity) and per-object suppressions, and locates
 * each finding in the text (or, read from an API server, at its object).
 *
 * ```ts
 * const engine = Engine.compile(cluster);
 * const { findings } = lint(engine, cluster, loadLintConfig(undefined));
 * ```
 */
import type { Cluster } from '../../engine/cluster.js';
import type { Engine } from '../../engine/engine.js';
import { describeObject } from '../../model/objects.js';
import { baselineDenyOverridden } from './check-baseline.js';
import { egressBlocksDns } from './check-dns.js';
import { ipBlockCoversPods } from './check-ipblock.js';
import { namespaceWithoutDefaultDeny } from './check-namespaces.js';
import { passAllowsByDefault } from './check-pass.js';
import { namedPortUndefined } from './check-ports.js';
import { samePriorityConflict } from './check-priority.js';
import { redundant } from './check-redundant.js';
import { allowsEverything, peerSplitSelectors, rulesIgnored } from './check-rules.js';
import { peerSelectsNothing, policySelectsNothing } from './check-selection.js';
import { ruleShadowed } from './check-shadowed.js';
import { CHECKS, findCheck, severityRank, type CheckId, type LintSeverity } from './checks.js';
import { DEFAULT_CONFIG, type LintConfig } from './config.js';
import { LintContext, type RawFinding } from './context.js';
import { DEFAULT_DNS_TARGETS } from './dns-targets.js';

/** One finding. Its JSON shape is a public contract (`palisade lint -o json`): add keys, never rename or remove them. */
export interface Finding {
  id: CheckId;
  name: string;
  severity: LintSeverity;
  message: string;
  /** Where it is: a file position, or, read from an API server, the object with no line (see `Place`). */
  file: string;
  line?: number;
  column?: number;
  /** `Kind namespace/name`. */
  object: string;
  /** The field path as kube-apiserver prints it (`spec.ingress[0].from[1]`). */
  field: string;
  hint?: string;
}

export interface LintResult {
  /** Sorted by file, line, column, ID. */
  findings: Finding[];
  /** Findings an object's `palisade.dev/lint-ignore` annotation silenced. */
  suppressed: number;
  /** Problems with the run itself, e.g. unknown check names in annotations. */
  warnings: string[];
}

export const IGNORE_ANNOTATION = 'palisade.dev/lint-ignore';

const RUNNERS: Record<CheckId, (ctx: LintContext) => RawFinding[]> = {
  PAL001: policySelectsNothing,
  PAL002: peerSelectsNothing,
  PAL003: namedPortUndefined,
  PAL004: peerSplitSelectors,
  PAL005: ipBlockCoversPods,
  PAL006: egressBlocksDns,
  PAL007: redundant,
  PAL008: allowsEverything,
  PAL009: namespaceWithoutDefaultDeny,
  PAL010: rulesIgnored,
  PAL011: ruleShadowed,
  PAL012: passAllowsByDefault,
  PAL013: samePriorityConflict,
  PAL014: baselineDenyOverridden,
};

/**
 * Lints the policies of `cluster` as compiled into `engine` (from the same
 * cluster: the valid objects, as `clusterOf` gives them). The engine is left
 * as it was found (PAL002 and PAL006 add stand-in DNS pods for their own runs
 * and remove them).
 */
export function lint(engine: Engine, cluster: Cluster, config: LintConfig = DEFAULT_CONFIG): LintResult {
  const ctx = new LintContext(engine, cluster, config.dns ?? DEFAULT_DNS_TARGETS);
  const findings: Finding[] = [];
  const warnings: string[] = [];
  let suppressed = 0;
  const ignored = new Map<object, Set<string> | 'all'>();
  const ignoredBy = (raw: RawFinding): Set<string> | 'all' => {
    let set = ignored.get(raw.object);
    if (!set) ignored.set(raw.object, (set = parseIgnore(raw, warnings)));
    return set;
  };
  for (const check of CHECKS) {
    const setting = config.checks[check.id] ?? check.severity;
    if (setting === 'off') continue;
    for (const raw of RUNNERS[check.id](ctx)) {
      const ignore = ignoredBy(raw);
      if (ignore === 'all' || ignore.has(check.id)) {
        suppressed++;
        continue;
      }
      findings.push({
        id: check.id,
        name: check.name,
        severity: raw.gentler ? gentler(setting) : setting,
        message: raw.message,
        ...raw.object.origin.locate(raw.path),
        object: describeObject(raw.object),
        field: raw.path.toString(),
        ...(raw.hint ? { hint: raw.hint } : {}),
      });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.id.localeCompare(b.id));
  return { findings, suppressed, warnings };
}

function gentler(s: LintSeverity): LintSeverity {
  return s === 'error' ? 'warning' : 'info';
}

/** `PAL005, named-port-undefined` → IDs; `all` → every check. Unknown names are reported, once per object. */
function parseIgnore(raw: RawFinding, warnings: string[]): Set<string> | 'all' {
  const text = raw.object.metadata.annotations?.[IGNORE_ANNOTATION];
  const set = new Set<string>();
  if (text === undefined) return set;
  for (const part of text.split(/[\s,]+/).filter((p) => p !== '')) {
    if (part.toLowerCase() === 'all') return 'all';
    const check = findCheck(part);
    if (check) set.add(check.id);
    else warnings.push(`${describeObject(raw.object)}: annotation ${IGNORE_ANNOTATION}: unknown check "${part}" (use an ID such as PAL004, a name such as peer-split-selectors, or all)`);
  }
  return set;
}

/** Whether findings at or above `failOn` exist: the exit status of `palisade lint`. */
export function failsAt(findings: readonly Finding[], failOn: LintSeverity): boolean {
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
}

/** Counts by severity. */
export function countFindings(findings: readonly Finding[]): Record<LintSeverity, number> {
  const counts: Record<LintSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The JSON report: one object, `{findings, summary}`. */
export function lintJson(result: LintResult, failOn: LintSeverity): { findings: Finding[]; summary: Record<string, unknown> } {
  return {
    findings: result.findings,
    summary: { ...countFindings(result.findings), total: result.findings.length, suppressed: result.suppressed, failOn, failed: failsAt(result.findings, failOn) },
  };
}
