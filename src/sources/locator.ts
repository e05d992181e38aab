/**
 * Finds where a field path sits in a document's text. Positions are computed
 * lazily: the document is parsed into a YAML syntax tree only when a message
 * needs a position, so loading stays as fast as plain parsing.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PathSegment } from '../model/field-path.js';
import type { Position } from '../model/objects.js';

export class DocumentLocator {
  private tree: { root: unknown; lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    /** 0-based line of the file where `text` starts. */
    private readonly firstLine: number,
  ) {}

  /** The position of the deepest node along `path` that exists in the text. */
  locate(path: readonly PathSegment[]): Position {
    const { root, lines } = this.parse();
    let offset = (root as Node | null)?.range?.[0];
    let node: unknown = root;
    for (const seg of path) {
      const step = stepInto(node, seg);
      if (!step) break;
      node = step.node;
      offset = step.offset ?? offset;
    }
    return this.position(lines, offset);
  }

  /** A 0-based line and column inside the document, as parsers report them. */
  at(line: number, column: number): Position {
    return { file: this.file, line: this.firstLine + line + 1, column: column + 1 };
  }

  private parse(): { root: unknown; lines: LineCounter } {
    if (!this.tree) {
      const lines = new LineCounter();
      let root: unknown = null;
      try {
        root = parseDocument(this.text, { lineCounter: lines, uniqueKeys: false, strict: false, schema: 'failsafe', prettyErrors: false }).contents;
      } catch {
        // Too deep for the syntax tree: positions fall back to the document start.
      }
      this.tree = { root, lines };
    }
    return this.tree;
  }

  private position(lines: LineCounter, offset: number | undefined): Position {
    if (offset === undefined) return this.at(0, 0);
    const { line, col } = lines.linePos(offset);
    return this.at(line - 1, col - 1);
  }
}

/** One step down the tree; a map entry is located at its key. */
function stepInto(node: unknown, seg: PathSegment): { node: unknown; offset?: number } | undefined {
  if (typeof seg === 'number') {
    if (!isSeq(node)) return undefined;
    const item = node.items[seg] as Node | undefined;
    return item ? { node: item, offset: item.range?.[0] } : undefined;
  }
  if (!isMap(node)) return undefined;
  const name = typeof seg === 'string' ? seg : seg.key;
  // The last occurrence wins, as with duplicate keys in JSON.
  for (let i = node.items.length - 1; i >= 0; i--) {
    const pair = node.items[i];
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === name) {
      return { node: pair.value, offset: pair.key.range?.[0] };
    }
  }
  return undefined;
}
