import type { GoValue } from './go-values.js';

/** Go parameter types that matter for text/template's argument checks (`validateType`). */
export type ParamType = 'any' | 'string' | 'int' | 'float' | 'bool' | 'map' | 'list';

export interface GoFunction {
  params: ParamType[];
  /** Type of extra variadic arguments (absent: exact arity). */
  variadic?: ParamType;
  /** Returns a value; throws GoError for an error return (text/template then fails with `error calling <name>`). */
  call: (args: GoValue[]) => GoValue;
}

export type FunctionTable = Map<string, GoFunction>;

export function fn(
  params: ParamType[],
  call: (args: GoValue[]) => GoValue,
  variadic?: ParamType,
): GoFunction {
  return variadic ? { params, variadic, call } : { params, call };
}
