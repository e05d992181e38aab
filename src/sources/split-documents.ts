/**
 * Splits a YAML stream into its documents without parsing it, so each
 * document can be parsed (and later located) on its own.
 *
 * YAML forbids a line starting with `---` or `...` followed by a space or the
 * line end inside any scalar ("c-forbidden"), so such a line always marks a
 * document boundary. The marker itself is blanked out, keeping columns, and
 * each document remembers the line it starts on.
 */
export interface DocumentText {
  text: string;
  /** 0-based line of the file where `text` starts. */
  firstLine: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

export function splitYamlDocuments(source: string): DocumentText[] {
  const docs: DocumentText[] = [];
  let start = 0;
  let line = 0;
  let pendingBlank = false;
  const push = (end: number) => {
    let text = source.slice(start, end);
    if (pendingBlank) text = '   ' + text.slice(3);
    docs.push({ text, firstLine: line });
    line += countNewlines(text);
  };
  for (const m of source.matchAll(MARKER)) {
    const at = m.index;
    push(at);
    start = at;
    // `...` ends a document; what follows until the next `---` is a new one.
    pendingBlank = true;
  }
  push(source.length);
  return docs.filter((d) => d.text.trim() !== '');
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const splitFiles = new WeakMap<{ text: string }, DocumentText[]>();

/** A file's documents, split once per file (the page reads a file, then its editor starts from one of its policies); shared, not to be changed. */
export function fileDocuments(file: { text: string }): DocumentText[] {
  let docs = splitFiles.get(file);
  if (!docs) splitFiles.set(file, (docs = splitYamlDocuments(file.text)));
  return docs;
}
