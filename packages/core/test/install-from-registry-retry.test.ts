/**
 * The download of the pinned tools' tarball is tried a second time after a connection reset (a kept-alive
 * connection the registry closed), and only then.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installFromRegistry } from '../src/tools/install-from-registry.mjs';

const reset = () =>
  new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  });

function install(fetch: typeof globalThis.fetch) {
  const dir = mkdtempSync(join(tmpdir(), 'ns-install-retry-'));
  return installFromRegistry({
    pkg: { name: '@example/tools', version: '1.0.0', integrity: 'sha512-not-these-bytes' },
    tools: {},
    destBin: join(dir, 'bin'),
    tarballDir: dir,
    registry: 'http://127.0.0.1:9/',
    fetch,
  });
}

describe('installFromRegistry: one more try after a connection reset', () => {
  it('a reset, then an answer: the answer is used (here it fails the integrity check)', async () => {
    const calls: string[] = [];
    const r = await install(async (url) => {
      calls.push(String(url));
      if (calls.length === 1) throw reset();
      return new Response(new Uint8Array([1, 2, 3]));
    });
    expect(calls).toHaveLength(2);
    expect(calls[1]).toBe(calls[0]);
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^integrity mismatch for @example\/tools@1\.0\.0/),
    });
  });

  it('two resets: the second is the result', async () => {
    let calls = 0;
    const r = await install(async () => {
      calls++;
      throw reset();
    });
    expect(calls).toBe(2);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/: read ECONNRESET$/) });
  });

  it('any other failure is not retried', async () => {
    let calls = 0;
    const r = await install(async () => {
      calls++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    expect(calls).toBe(1);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/ECONNREFUSED$/) });
  });
});
