import { JmesPathError } from '../ast.js';
import { ExpRef } from '../interpreter.js';
import { jmesType } from '../json.js';

export type ArgType =
  | 'any'
  | 'number'
  | 'string'
  | 'boolean'
  | 'array'
  | 'object'
  | 'null'
  | 'expref'
  | 'array-number'
  | 'array-string';

/** Validates function arity and argument types the way go-jmespath reports them. */
export function checkArgs(name: string, args: unknown[], types: ArgType[][], variadic = false): void {
  if (args.length < types.length || (!variadic && args.length > types.length)) {
    throw new JmesPathError(
      `Invalid arity for ${name}(): expected ${types.length}, got ${args.length}`,
      'function',
    );
  }
  for (let i = 0; i < args.length; i++) {
    const allowed = types[Math.min(i, types.length - 1)] as ArgType[];
    if (!allowed.some((t) => matchesType(args[i], t))) {
      throw new JmesPathError(
        `Invalid type for: ${name}(), expected: ${JSON.stringify(allowed)}, received: ${JSON.stringify(jmesType(args[i]))}`,
        'function',
      );
    }
  }
}

export function matchesType(v: unknown, t: ArgType): boolean {
  const jt = v instanceof ExpRef ? 'expref' : jmesType(v);
  switch (t) {
    case 'any':
      return jt !== 'expref';
    case 'array-number':
      return Array.isArray(v) && v.every((x) => typeof x === 'number');
    case 'array-string':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default:
      return jt === t;
  }
}

export function fnError(name: string, msg: string): JmesPathError {
  return new JmesPathError(`JMESPath function '${name}': ${msg}`, 'function');
}
