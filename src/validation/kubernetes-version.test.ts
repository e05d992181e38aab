import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LATEST_KUBERNETES_VERSION,
  OLDEST_SUPPORTED,
  hasStrictCIDRValidation,
  parseKubernetesVersion,
  releaseRules,
} from './kubernetes-version.js';

test('accepted spellings', () => {
  for (const text of ['1.35', 'v1.35', '1.35.2', 'v1.35.2-eks-1a2b3c', 'v1.35.2+k3s1', ' 1.35 ']) {
    assert.deepEqual(parseKubernetesVersion(text), { major: 1, minor: 35 }, text);
  }
});

test('the supported range is 1.33 to 1.36', () => {
  assert.deepEqual(OLDEST_SUPPORTED, { major: 1, minor: 33 });
  assert.deepEqual(LATEST_KUBERNETES_VERSION, { major: 1, minor: 36 });
  assert.deepEqual(parseKubernetesVersion('1.33'), { major: 1, minor: 33 });
  const old = parseKubernetesVersion('1.32');
  assert.ok(old instanceof Error);
  assert.equal(
    old.message,
    'Kubernetes 1.32 is not supported: supported versions are 1.33 to 1.36 (releases before 1.33 validated NetworkPolicy ipBlock CIDRs with other checks and messages, which Palisade does not reproduce)',
  );
  assert.match((parseKubernetesVersion('1.30') as Error).message, /^Kubernetes 1\.30 is not supported: supported versions are 1\.33 to 1\.36 \(releases before 1\.33/);
  const future = parseKubernetesVersion('v1.37.0');
  assert.ok(future instanceof Error);
  assert.equal(
    future.message,
    'Kubernetes 1.37 is not supported: supported versions are 1.33 to 1.36 (Palisade knows the validation rules of releases up to 1.36 only)',
  );
});

test('malformed versions say what to write', () => {
  for (const text of ['', '1', 'latest', '1.x', '1.35.', 'v 1.35', '1.35-rc']) {
    const result = parseKubernetesVersion(text);
    assert.ok(result instanceof Error, text);
    assert.match(result.message, /write MAJOR\.MINOR, e\.g\. 1\.36 \(supported: 1\.33 to 1\.36\)/);
  }
});

test('strict CIDR validation from 1.36 on', () => {
  assert.equal(hasStrictCIDRValidation({ major: 1, minor: 33 }), false);
  assert.equal(hasStrictCIDRValidation({ major: 1, minor: 35 }), false);
  assert.equal(hasStrictCIDRValidation({ major: 1, minor: 36 }), true);
});

test('what changes at each boundary release', () => {
  const at = (minor: number) => releaseRules({ major: 1, minor });
  assert.deepEqual(at(33), { strictCIDR: false, jsonBadValues: false, shortOwnerReferenceMessages: false });
  assert.deepEqual(at(34), { strictCIDR: false, jsonBadValues: true, shortOwnerReferenceMessages: true });
  assert.deepEqual(at(35), at(34));
  assert.deepEqual(at(36), { strictCIDR: true, jsonBadValues: true, shortOwnerReferenceMessages: true });
});
