/**
 * JSON pointer → line:column, computed lazily with the `yaml` package (which keeps source
 * ranges) only when a finding needs a position. The fast path never pays for it.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePointer } from '../model/json-pointer.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * Build a locator for one YAML document text whose first line is `lineOffset` lines into its file.
 * The returned function maps a pointer to the key (for mapping members) or node (for sequence items)
 * it names; when the path only partly exists, it returns the deepest node that does.
 */
export function createLocator(docText: string, lineOffset: number): (pointer: string) => Position | undefined {
  let root: Node | null | undefined;
  let counter: LineCounter | undefined;
  const ensure = () => {
    if (counter) return;
    counter = new LineCounter();
    try {
      const doc = parseDocument(docText, { version: '1.1', lineCounter: counter, uniqueKeys: false });
      root = doc.contents as Node | null;
    } catch {
      root = null;
    }
  };
  return (pointer: string) => {
    ensure();
    if (!root || !counter) return undefined;
    const at = (offset: number | undefined): Position | undefined => {
      if (offset === undefined) return undefined;
      const p = counter!.linePos(offset);
      return { line: p.line + lineOffset, column: p.col };
    };
    let node: unknown = root;
    let best: Position | undefined = at((root as Node).range?.[0]);
    for (const seg of parsePointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyString(p.key) === seg);
        if (!pair) break;
        const key = pair.key as Node | null;
        best = at(key?.range?.[0]) ?? best;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item || !/^\d+$/.test(seg)) break;
        best = at(item.range?.[0]) ?? best;
        node = item;
      } else break;
    }
    return best;
  };
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return String(key);
}
