/** The system's Chromium (Debian's `chromium` package): Playwright's own browser download is not reachable everywhere. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function chromiumPath(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter);
  return ['chromium', 'chromium-browser'].flatMap((name) => dirs.map((dir) => join(dir, name))).find((p) => existsSync(p));
}
