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
  const created: ApiObject[] = [];
  for (const file of paths.flatMap(filesUnder)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const value = doc.toJS() as (ApiObject & { items?: ApiObject[] }) | null;
      if (!value) continue;
      for (const object of value.kind === 'List' ? (value.items ?? []) : [value]) created.push(server.create(object));
    }
  }
  return created;
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}
