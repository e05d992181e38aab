/**
 * Finds the offset of the first syntax error in a JSON text. V8's JSON.parse
 * names the offset for some errors only ("Unexpected token ... is not valid
 * JSON" has none), and a manifest error must point at its line. Iterative,
 * so deep nesting cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  /** Scans one scalar; false when there is none at i. */
  const scalar = (): boolean => {
    const rest = text.slice(i, i + 5);
    for (const word of ['true', 'false', 'null']) {
      if (rest.startsWith(word)) return ((i += word.length), true);
    }
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i]! < ' ') return false;
        if (text[i] === '\\') i++;
      }
      return i < text.length && (i++, true);
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    return m !== null && ((i += m[0].length), true);
  };
  // States: expecting a value, or what may follow a value inside the top container.
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === '{' && !keyColon()) return i;
        continue;
      }
      if (!scalar()) return i;
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < text.length ? i : text.length;
    if (text[i] === ',') {
      i++;
      ws();
      if (top === '{' && !keyColon()) return i;
      expectValue = true;
    } else if (text[i] === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else {
      return i;
    }
  }

  function keyColon(): boolean {
    if (text[i] !== '"' || !scalar()) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    return true;
  }
}
