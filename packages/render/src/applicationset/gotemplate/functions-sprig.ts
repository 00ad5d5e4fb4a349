/**
 * The sprig v3 functions ApplicationSets use (`Masterminds/sprig/v3` GenericFuncMap, which Argo CD
 * registers minus env/expandenv/getHostByName). Signatures follow sprig's Go types so argument
 * type errors match text/template's. Known sprig functions that are not implemented (or are
 * non-deterministic: now, date, rand*, uuidv4) parse but fail at execution with a clear message.
 */
import type { FunctionTable } from './functions-types.js';
import { defaultsFunctions } from './sprig/defaults.js';
import { dictFunctions } from './sprig/dicts.js';
import { encodingFunctions } from './sprig/encoding.js';
import { listFunctions } from './sprig/lists.js';
import { numericFunctions } from './sprig/numeric.js';
import { regexFunctions } from './sprig/regex.js';
import { stringFunctions } from './sprig/strings.js';
import { unsupportedSprigFunctions } from './sprig/unsupported.js';

/** Registers the sprig functions, one sprig section per file under sprig/ (as sprig's own source splits them). */
export function sprigFunctions(table: FunctionTable): void {
  unsupportedSprigFunctions(table);
  defaultsFunctions(table);
  stringFunctions(table);
  numericFunctions(table);
  listFunctions(table);
  dictFunctions(table);
  encodingFunctions(table);
  regexFunctions(table);
}
