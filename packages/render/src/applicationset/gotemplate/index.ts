/**
 * Go text/template + sprig, as Argo CD's ApplicationSet controller runs it
 * (`applicationset/utils/utils.go Render.Replace` with `goTemplate: true`).
 *
 * No maintained npm package implements Go text/template with variables, `$`, range/else and
 * custom typed functions (checked: @ctrl/golang-template lacks variables, `$` and a FuncMap), so this
 * is a focused interpreter. `renderGoTemplate` never throws: every failure is a returned error.
 */

import { ExecError, execute, type MissingKey } from './exec.js';
import { argoFunctions } from './functions-argo.js';
import { builtinFunctions } from './functions-builtin.js';
import { sprigFunctions } from './functions-sprig.js';
import type { FunctionTable } from './functions-types.js';
import { collectRegexProblems } from './go-regexp.js';
import type { GoValue } from './go-values.js';
import { type Node, parseTemplate } from './parser.js';

export type { MissingKey } from './exec.js';
export { sanitizeName, slugifyName } from './functions-argo.js';
export type { GoMap, GoValue } from './go-values.js';
export { formatFloatV, formatV, fromJsonData, goJson, isMap, toJsonData } from './go-values.js';

/** `warnings`: problems Go swallows silently (an invalid pattern in sprig `regexMatch`), for findings. */
export type TemplateResult = { ok: true; value: string; warnings?: string[] } | { ok: false; error: string };

export interface GoTemplateOptions {
  missingKey?: MissingKey;
}

let table: FunctionTable | undefined;
function functions(): FunctionTable {
  if (!table) {
    table = new Map();
    builtinFunctions(table);
    sprigFunctions(table);
    argoFunctions(table);
  }
  return table;
}

const AND_OR = new Set(['and', 'or']);
const isFunction = (name: string) => AND_OR.has(name) || functions().has(name);

const parseCache = new Map<string, { ok: true; nodes: Node[] } | { ok: false; error: string }>();

/** Parse `goTemplateOptions` (`missingkey=error|zero|invalid|default`); unknown options are returned as errors. */
export function parseGoTemplateOptions(options: readonly unknown[] | undefined): {
  missingKey: MissingKey;
  errors: string[];
} {
  let missingKey: MissingKey = 'default';
  const errors: string[] = [];
  for (const o of options ?? []) {
    const m = typeof o === 'string' ? /^missingkey=(default|invalid|zero|error)$/.exec(o) : null;
    if (m) missingKey = m[1] as MissingKey;
    else errors.push(`unrecognized option: ${String(o)}`);
  }
  return { missingKey, errors };
}

export function renderGoTemplate(
  source: string,
  data: GoValue,
  options: GoTemplateOptions = {},
): TemplateResult {
  try {
    let parsed = parseCache.get(source);
    if (!parsed) {
      parsed = parseTemplate(source, isFunction);
      if (parseCache.size > 10_000) parseCache.clear();
      parseCache.set(source, parsed);
    }
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const nodes = parsed.nodes;
    const { value, problems } = collectRegexProblems(() =>
      execute(source, nodes, data, {
        missingKey: options.missingKey ?? 'default',
        functions: functions(),
      }),
    );
    return problems.length ? { ok: true, value, warnings: problems } : { ok: true, value };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, error: e.message };
    // defensive: an interpreter bug must not escape as an exception
    const msg =
      e instanceof RangeError ? 'template too complex (stack exhausted)' : String((e as Error)?.message ?? e);
    return { ok: false, error: `template: internal error: ${msg}` };
  }
}
