/**
 * jqPathExpressions evaluated by a real jq (jq-wasm: jq compiled to WebAssembly), inside a worker thread so
 * that an expression that never ends can be stopped: the worker is terminated when an evaluation outlives its
 * budget and a new one is started for the next. Argo CD runs `del(<expression>)` with a 1 s timeout and needs
 * exactly one output (argoproj/argo-cd util/argo/normalizers/diff_normalizer.go, `jqNormalizerPatch.Apply`,
 * `DefaultJQExecutionTimeout`); so does this runner. Input and output sizes are capped before work.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface JqBudget {
  /** Per evaluation, as Argo CD's `ignore.normalizer.jq.timeout` (default 1000 ms). */
  timeoutMs?: number;
  /** Starting the worker and compiling jq (default 30 s; the first start pays for the WebAssembly compile). */
  startTimeoutMs?: number;
  /** Bytes of JSON in or out of one evaluation (default 4 MiB). */
  maxBytes?: number;
}

export type JqResult =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'error' | 'limit'; message: string };

// The worker only ever receives (json text, filter) pairs and answers with jq's raw output.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const jq = require(workerData.jqPath);
jq.raw('{}', '.', ['-c']).then(() => parentPort.postMessage({ ready: true }), (e) => parentPort.postMessage({ ready: false, error: String(e && e.message || e) }));
parentPort.on('message', async ({ id, input, filter }) => {
  try { parentPort.postMessage({ id, ok: true, out: await jq.raw(input, filter, ['-c']) }); }
  catch (e) { parentPort.postMessage({ id, ok: false, error: String(e && e.message || e) }); }
});
`;

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  out?: string;
  error?: string;
}

export class JqRunner {
  private worker: Worker | undefined;
  private ready: Promise<string | undefined> | undefined;
  private nextId = 0;
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly maxBytes: number;

  constructor(budget: JqBudget = {}) {
    this.timeoutMs = budget.timeoutMs ?? 1000;
    this.startTimeoutMs = budget.startTimeoutMs ?? 30_000;
    this.maxBytes = budget.maxBytes ?? 4 * 1024 * 1024;
  }

  /** `del(expression)` on the object: the object without the selected paths. */
  async deletePaths(obj: unknown, expression: string): Promise<JqResult> {
    const input = JSON.stringify(obj);
    if (input.length > this.maxBytes) {
      return {
        ok: false,
        reason: 'limit',
        message: `object is over the jq input limit of ${this.maxBytes} bytes`,
      };
    }
    const started = await this.start();
    if (started !== undefined) return { ok: false, reason: 'error', message: started };
    const reply = await this.request(input, `del(${expression})`);
    if ('limit' in reply) return { ok: false, reason: 'limit', message: reply.limit };
    if (!reply.ok) return { ok: false, reason: 'error', message: reply.error ?? 'jq failed' };
    const out = (reply.out ?? '').trim();
    if (out.length > this.maxBytes) {
      return { ok: false, reason: 'limit', message: `jq output is over ${this.maxBytes} bytes` };
    }
    const lines = out.split('\n').filter((l) => l !== '');
    if (lines.length !== 1) {
      return {
        ok: false,
        reason: 'error',
        message:
          lines.length === 0 ? 'JQ patch did not return any data' : 'JQ patch returned multiple objects',
      };
    }
    try {
      return { ok: true, value: JSON.parse(lines[0] as string) };
    } catch (err) {
      return { ok: false, reason: 'error', message: (err as Error).message };
    }
  }

  /** Stops the worker (idempotent); call when the diff is done. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (w) await w.terminate();
  }

  private start(): Promise<string | undefined> {
    if (this.ready) return this.ready;
    const jqPath = createRequire(import.meta.url).resolve('jq-wasm');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { jqPath } });
    worker.unref();
    this.worker = worker;
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        void this.close();
        resolve(`jq did not start within ${this.startTimeoutMs} ms`);
      }, this.startTimeoutMs);
      worker.once('message', (m: Reply) => {
        clearTimeout(timer);
        resolve(m.ready ? undefined : `jq did not start: ${m.error ?? 'unknown error'}`);
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        resolve(`jq did not start: ${err.message}`);
      });
    });
    return this.ready;
  }

  private request(input: string, filter: string): Promise<Reply | { limit: string }> {
    const worker = this.worker;
    if (!worker) return Promise.resolve({ ok: false, error: 'jq is not running' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        // a runaway expression keeps the worker busy: drop it, the next evaluation starts a fresh one
        void this.close();
        resolve({ limit: `JQ patch execution timed out (${this.timeoutMs} ms)` });
      }, this.timeoutMs);
      worker.on('message', onMessage);
      worker.postMessage({ id, input, filter });
    });
  }
}
