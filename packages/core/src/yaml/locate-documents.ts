/**
 * Locators for the documents of a YAML text by document index, for values loaded elsewhere: a worker
 * thread loads a file with loadYaml and sends the values back (functions do not cross threads); the
 * receiving side rebuilds each document's `locate` from the same text. The split and the line offsets are
 * loadYaml's own (splitYamlDocuments after the same byte-order-mark strip), so positions are identical.
 */

import type { Locator } from '../model/manifest.js';
import { splitYamlDocuments } from './load-documents.js';
import { createLocator } from './locate.js';

/**
 * `index` is YamlDocument.index. Nothing is computed until a position is asked for: the text is split on
 * the first question about any of its documents (most files never need a position).
 */
export function locateYamlDocuments(input: string): (index: number) => Locator {
  let chunks: ReturnType<typeof splitYamlDocuments> | undefined;
  return (index) => {
    let real: Locator | undefined;
    return (pointer) => {
      if (!real) {
        chunks ??= splitYamlDocuments(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
        const chunk = chunks[index];
        if (!chunk) return undefined;
        real = createLocator(chunk.text, chunk.startLine);
      }
      return real(pointer);
    };
  };
}
