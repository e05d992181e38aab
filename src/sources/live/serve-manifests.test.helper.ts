/**
 * Puts the objects of manifest files into a test API server, as `kubectl
 * apply` would create them: so that a test can ask the same question of the
 * files and of a live cluster holding the same objects. (Named
 * *.test.helper.ts: the test runner does not run it and the package leaves
 * it out.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ApiObject, TestApiServer } from '../../lab/test-api-server.js';

export function serveManifests(server: TestApiServer, ...paths: string[]): ApiObject[] {
  return manifestObjects(...paths).map((o) => server.create(o));
}

/** The objects of manifest files and directories, `kind: List` items as objects of their own. */
export function manifestObjects(...paths: string[]): ApiObject[] {
  return paths.flatMap(filesUnder).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => {
      const value = doc.toJS() as (ApiObject & { items?: ApiObject[] }) | null;
      return !value ? [] : value.kind === 'List' ? (value.items ?? []) : [value];
    }),
  );
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}
