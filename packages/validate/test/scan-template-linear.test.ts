import { describe, expect, it } from 'vitest';
import { scanTemplateReads } from '../src/helm/scan-template-reads.js';
import { ValuesPathTrie } from '../src/helm/values-path-trie.js';

describe('template scanning for helm/unused-value is linear on hostile charts', () => {
  it('many `{{` without `}}`, and an action full of unclosed quotes, answer at once', () => {
    const started = Date.now();
    scanTemplateReads('{{ '.repeat(400_000), new ValuesPathTrie());
    scanTemplateReads(`{{ ${'"'.repeat(200_000)} }}`, new ValuesPathTrie());
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
