/**
 * The Kubernetes release whose API server Palisade imitates. Validation
 * differs between releases (IP/CIDR strictness since 1.36), so every
 * validation call names one.
 */

export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/**
 * 1.33 is the first release with today's CIDR rules and messages
 * (`IsValidCIDRForLegacyField`, the StrictIPCIDRValidation gate); older
 * releases worded and checked ipBlock differently, so we do not claim them.
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
    return new Error(`Kubernetes ${formatKubernetesVersion(version)} is not supported: supported versions are ${range}`);
  }
  return version;
}

/**
 * StrictIPCIDRValidation (KEP-4858): alpha and off in 1.33–1.35, where legacy
 * CIDR forms are accepted with a warning; beta and on from 1.36.
 */
export function hasStrictCIDRValidation(v: KubernetesVersion): boolean {
  return compareKubernetesVersions(v, { major: 1, minor: 36 }) >= 0;
}
