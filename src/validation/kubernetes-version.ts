/**
 * The Kubernetes release whose API server Palisade imitates. Validation
 * differs between releases (see ReleaseRules), so every validation call names one.
 */

export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * 1.33 is the first release with today's ipBlock checks and messages
 * (`IsValidCIDRForLegacyField`, the StrictIPCIDRValidation gate). Older
 * releases checked ipBlock with other code and wording, which Palisade does
 * not reproduce, so it refuses them rather than answer like a newer release.
 */
export const OLDEST_SUPPORTED: KubernetesVersion = { major: 1, minor: 33 };
export const LATEST_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 36 };

export function formatKubernetesVersion(v: KubernetesVersion): string {
  return `${v.major}.${v.minor}`;
}

export function compareKubernetesVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

/** `1.35`, `v1.35`, `1.35.2`, or what `kubectl version` prints (`v1.35.2-eks-1a2b3c`, `v1.35.2+k3s1`). */
const VERSION = /^v?(\d+)\.(\d+)(?:\.\d+(?:[-+][0-9A-Za-z.+-]*)?)?$/;

/** The version, or an Error whose message says what is accepted. */
export function parseKubernetesVersion(text: string): KubernetesVersion | Error {
  const range = `${formatKubernetesVersion(OLDEST_SUPPORTED)} to ${formatKubernetesVersion(LATEST_KUBERNETES_VERSION)}`;
  const m = VERSION.exec(text.trim());
  if (m === null) {
    return new Error(`invalid Kubernetes version "${text}": write MAJOR.MINOR, e.g. ${formatKubernetesVersion(LATEST_KUBERNETES_VERSION)} (supported: ${range})`);
  }
  const version = { major: Number(m[1]), minor: Number(m[2]) };
  if (
    compareKubernetesVersions(version, OLDEST_SUPPORTED) < 0 ||
    compareKubernetesVersions(version, LATEST_KUBERNETES_VERSION) > 0
  ) {
    const why =
      compareKubernetesVersions(version, OLDEST_SUPPORTED) < 0
        ? `releases before ${formatKubernetesVersion(OLDEST_SUPPORTED)} validated NetworkPolicy ipBlock CIDRs with other checks and messages, which Palisade does not reproduce`
        : `Palisade knows the validation rules of releases up to ${formatKubernetesVersion(LATEST_KUBERNETES_VERSION)} only`;
    return new Error(`Kubernetes ${formatKubernetesVersion(version)} is not supported: supported versions are ${range} (${why})`);
  }
  return version;
}

/** What differs in create-time validation between the supported releases. */
export interface ReleaseRules {
  /** StrictIPCIDRValidation: ambiguous CIDRs are errors rather than warnings (1.36+). */
  strictCIDR: boolean;
  /**
   * A list or struct as an error's bad value prints as JSON (`["a","b"]`)
   * from 1.34, as Go syntax (`[]string{"a", "b"}`) before
   * (apimachinery field.Error.ErrorBody).
   */
  jsonBadValues: boolean;
  /**
   * An empty owner reference kind, name or uid "must not be empty" from 1.34;
   * before, the message repeats the field ("kind must not be empty").
   */
  shortOwnerReferenceMessages: boolean;
}

/** Which of the ClusterNetworkPolicy CRD's two channels the cluster installed: `experimental` adds fields (nodes and domainNames peers). */
export type CrdChannel = 'standard' | 'experimental';

/** What validation follows: the release and its rules, and the CRDs installed. */
export interface ValidationRules extends ReleaseRules {
  kubernetesVersion: KubernetesVersion;
  crdChannel: CrdChannel;
}

export function releaseRules(v: KubernetesVersion): ReleaseRules {
  const since134 = compareKubernetesVersions(v, { major: 1, minor: 34 }) >= 0;
  return { strictCIDR: hasStrictCIDRValidation(v), jsonBadValues: since134, shortOwnerReferenceMessages: since134 };
}

/**
 * StrictIPCIDRValidation (KEP-4858): alpha and off in 1.33–1.35, where legacy
 * CIDR forms are accepted with a warning; beta and on from 1.36.
 */
export function hasStrictCIDRValidation(v: KubernetesVersion): boolean {
  return compareKubernetesVersions(v, { major: 1, minor: 36 }) >= 0;
}
