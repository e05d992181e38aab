/** The data a page of `palisade ui --export` embeds: what its worker loads. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { palisadeAsync } from '../cli/run-cli.test.helper.js';
import { DATA_ID } from './page-ids.js';
import type { PageData } from './protocol.js';
import { unpackPageData } from './unpack.js';

/** Runs `palisade ui ARGS --export` and returns the JSON text of the data the page holds. */
export async function exportedPageText(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'palisade-page-'));
  try {
    const r = await palisadeAsync(['ui', ...args, '--export', out], opts);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const packed = new RegExp(`<script type="application/octet-stream" id="${DATA_ID}">(.*?)</script>`, 's').exec(html)?.[1];
    assert.ok(packed, 'the page embeds its data');
    return await unpackPageData(packed);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function exportedPageData(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<PageData> {
  return JSON.parse(await exportedPageText(args, opts)) as PageData;
}
