/** The manifests of one embedded input, read as the command that wrote the page read them. */
import { Collector, type Manifests } from '../sources/load-text.js';
import type { PageInput } from './protocol.js';

export function manifestsOf(input: PageInput): Manifests {
  const collector = new Collector('default');
  for (const file of input.files) collector.addFile(file);
  return collector.finish();
}
