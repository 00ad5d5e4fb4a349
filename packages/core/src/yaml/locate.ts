/**
 * JSON pointer → line:column, computed lazily only when a finding needs a position. A line and
 * character scanner answers for the block YAML and JSON that rendered manifests are made of
 * (fast-locate.ts); anything it does not understand is parsed with the `yaml` package, which keeps
 * source ranges. Both give the same answer (test/locate.property.test.ts).
 */
import type { LineCounter, Node } from 'yaml';
import { parsePointer } from '../model/json-pointer.js';
import { createFastLocator, FALLBACK } from './fast-locate.js';
import { yamlPackage } from './load-yaml-package.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * Build a locator for one YAML document text whose first line is `lineOffset` lines into its file.
 * The returned function maps a pointer to the key (for mapping members) or node (for sequence items)
 * it names; when the path only partly exists, it returns the deepest node that does.
 */
export function createLocator(
  docText: string,
  lineOffset: number,
): (pointer: string) => Position | undefined {
  let slow: ((pointer: string) => Position | undefined) | undefined;
  let fast: ((segments: readonly string[]) => number) | undefined;
  return (pointer: string) => {
    fast ??= createFastLocator(docText);
    const offset = fast(parsePointer(pointer));
    if (offset !== FALLBACK) return positionAt(docText, offset, lineOffset);
    slow ??= createYamlParserLocator(docText, lineOffset);
    return slow(pointer);
  };
}

/** 1-based line and column of a character offset, as the `yaml` package's LineCounter counts them. */
function positionAt(text: string, offset: number, lineOffset: number): Position {
  let line = 1;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
  return { line: line + lineOffset, column: offset - text.lastIndexOf('\n', offset - 1) };
}

/** createLocator's answers from a full parse with the `yaml` package (the reference behaviour). */
export function createYamlParserLocator(
  docText: string,
  lineOffset: number,
): (pointer: string) => Position | undefined {
  let root: Node | null | undefined;
  let counter: LineCounter | undefined;
  const ensure = () => {
    if (counter) return;
    const { LineCounter, parseDocument } = yamlPackage();
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
    const { isMap, isPair, isSeq } = yamlPackage();
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
  if (yamlPackage().isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return String(key);
}
