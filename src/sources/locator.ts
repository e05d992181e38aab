/**
 * Finds where a field path sits in a document's text. Positions are computed
 * lazily: the document is parsed into a syntax tree only when a message needs
 * a position, so loading stays as fast as plain parsing. JSON (a `kubectl get
 * -o json` dump is one large List) is scanned by a JSON parser that gives
 * offsets, at a fraction of the cost of a YAML syntax tree.
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PathSegment } from '../model/field-path.js';
import type { Position } from '../model/objects.js';

export interface Locator {
  readonly file: string;
  /** The position of the deepest node along `path` that exists in the text. */
  locate(path: readonly PathSegment[]): Position;
  /** A 0-based line and column inside the document, as parsers report them. */
  at(line: number, column: number): Position;
}

export function locatorFor(file: string, text: string, firstLine: number, json: boolean): Locator {
  return json ? new JsonLocator(file, text, firstLine) : new DocumentLocator(file, text, firstLine);
}

export class JsonLocator implements Locator {
  private items: [number, number][] | undefined;
  private readonly trees = new Map<number, JsonNode | null>();
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly firstLine: number,
  ) {}

  /** Inside a List item, only that item's text is parsed into a tree: a dump's other items cost one scan, once. */
  locate(path: readonly PathSegment[]): Position {
    const item = path[0] === 'items' && typeof path[1] === 'number' ? this.itemRange(path[1]) : undefined;
    const [start, end, rest] = item ? [item[0], item[1], path.slice(2)] : [0, this.text.length, path];
    let tree = this.trees.get(start);
    if (tree === undefined) this.trees.set(start, (tree = parseTree(this.text.slice(start, end), [], { disallowComments: true }) ?? null));
    let node = tree ?? undefined;
    let offset = node?.offset ?? 0;
    for (const seg of rest) {
      const step = node && jsonStep(node, seg);
      if (!step) break;
      ({ node, offset } = step);
    }
    return this.offsetPosition(start + offset);
  }

  private itemRange(index: number): [number, number] | undefined {
    this.items ??= listItemRanges(this.text);
    return this.items[index];
  }

  at(line: number, column: number): Position {
    return { file: this.file, line: this.firstLine + line + 1, column: column + 1 };
  }

  private offsetPosition(offset: number): Position {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.at(lo, offset - this.lineStarts[lo]!);
  }
}

export class DocumentLocator implements Locator {
  private tree: { root: unknown; lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    /** 0-based line of the file where `text` starts. */
    private readonly firstLine: number,
  ) {}

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

/** One step down a JSON tree; a map entry is located at its key, and the last of duplicate keys wins, as in JSON.parse. */
function jsonStep(node: JsonNode, seg: PathSegment): { node: JsonNode | undefined; offset: number } | undefined {
  if (typeof seg === 'number') {
    const item = node.type === 'array' ? node.children?.[seg] : undefined;
    return item ? { node: item, offset: item.offset } : undefined;
  }
  if (node.type !== 'object') return undefined;
  const name = typeof seg === 'string' ? seg : seg.key;
  const properties = node.children ?? [];
  for (let i = properties.length - 1; i >= 0; i--) {
    const [key, value] = properties[i]!.children ?? [];
    if (key?.value === name) return { node: value, offset: key.offset };
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * Where each element of the top-level object's `items` array starts and
 * ends, in text JSON.parse has accepted: one pass over the characters,
 * tracking depth and strings, and nothing built but the ranges.
 */
export function listItemRanges(text: string): [number, number][] {
  const items: [number, number][] = [];
  let depth = 0;
  let inItems = false;
  let key = '';
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue; // white space
    const element = inItems && depth === 2;
    if (c === QUOTE) {
      const from = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      if (element) items.push([from, i + 1]);
      else if (depth === 1) key = text.slice(from + 1, i);
    } else if (OPENERS.has(c)) {
      if (element) start = i;
      if (depth === 1 && c === 0x5b && key === 'items') inItems = true;
      depth++;
    } else if (CLOSERS.has(c)) {
      depth--;
      if (inItems && depth === 2) items.push([start, i + 1]);
      if (depth === 1) inItems = false;
    } else if (element && c !== COMMA && c !== COLON) {
      // A number, true, false or null: it runs to the next comma, bracket or space.
      const from = i;
      while (i + 1 < text.length && !/[\s,\]]/.test(text[i + 1]!)) i++;
      items.push([from, i + 1]);
    }
  }
  return items;
}
