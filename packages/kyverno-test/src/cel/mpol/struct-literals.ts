/**
 * CEL object construction as MutatingPolicy expressions write it (`Object{spec: Object.spec{...}}`,
 * `JSONPatch{op: "add", path: "/x", value: 1}`, kyverno pkg/cel/policies/mpol and the Kubernetes
 * MutatingAdmissionPolicy type provider) rewritten into map literals the CEL library evaluates:
 * `Type.path{field: v}` becomes `{"field": v}`. String literals are skipped; only braces that follow a
 * type name starting with an upper-case letter are rewritten, and only their own keys are quoted.
 */
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

// long: one character scanner over the CEL source (strings, type names, braces), kept in one loop
export function rewriteStructLiterals(source: string): string {
  let out = '';
  // struct frames wrap each field value in dyn(...): the fields of a typed object differ in type,
  // which a map literal of this CEL library (homogeneous aggregate literals) would refuse
  const stack: Array<{ struct: boolean; open: boolean }> = [];
  let expectKey = false;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    // string literals (single, double, triple-quoted, raw prefixes handled as plain quotes)
    if (ch === '"' || ch === "'") {
      const triple = source.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < source.length && !source.startsWith(quote, j)) j += source[j] === '\\' && !triple ? 2 : 1;
      out += source.slice(i, j + quote.length);
      i = j + quote.length;
      expectKey = false;
      continue;
    }
    IDENT.lastIndex = i;
    const m = IDENT.exec(source);
    if (m && (i === 0 || !/[A-Za-z0-9_.]/.test(source[i - 1] as string))) {
      // a (dotted) type name followed by `{`
      let j = i + m[0].length;
      let name = m[0];
      while (source[j] === '.') {
        IDENT.lastIndex = j + 1;
        const n = IDENT.exec(source);
        if (!n) break;
        name += `.${n[0]}`;
        j = j + 1 + n[0].length;
      }
      let k = j;
      while (source[k] === ' ' || source[k] === '\n' || source[k] === '\t' || source[k] === '\r') k++;
      if (source[k] === '{' && /^[A-Z]/.test(name)) {
        // the whole object is dyn too (`cond ? Object{...} : null` must type-check)
        out += 'dyn({';
        stack.push({ struct: true, open: false });
        expectKey = true;
        i = k + 1;
        continue;
      }
      const top = stack.at(-1);
      if (expectKey && top?.struct) {
        let c = j;
        while (source[c] === ' ' || source[c] === '\n' || source[c] === '\t' || source[c] === '\r') c++;
        if (source[c] === ':' && !name.includes('.')) {
          out += `"${name}": dyn(`;
          top.open = true;
          i = c + 1;
          expectKey = false;
          continue;
        }
      }
      out += source.slice(i, j);
      i = j;
      expectKey = false;
      continue;
    }
    if (ch === '{' || ch === '[' || ch === '(') {
      stack.push({ struct: false, open: false });
      expectKey = false;
    } else if (ch === '}' || ch === ']' || ch === ')') {
      const frame = stack.pop();
      if (frame?.open) out += ')';
      if (frame?.struct) {
        out += '})';
        expectKey = false;
        i++;
        continue;
      }
      expectKey = false;
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top?.open) {
        out += ')';
        top.open = false;
      }
      expectKey = top?.struct === true;
    } else if (!/\s/.test(ch)) {
      expectKey = false;
    }
    out += ch;
    i++;
  }
  return out;
}
