/**
 * Executes a parsed Go text/template (`text/template/exec.go`) over Go-like values.
 * Mirrors: missingkey handling, field evaluation on maps, nil/invalid distinction, variable scopes,
 * lazy and/or, range over slices/maps (sorted keys)/ints, break/continue, typed function arguments.
 * Bounded: a step budget and an output cap stop runaway templates. Errors are thrown as ExecError
 * inside this module and turned into values by the caller (index.ts).
 */
import type { FunctionTable, ParamType } from './functions-types.js';
import { cmp, GoError, type GoValue, goTypeName, isMap, isTrue, printValue } from './go-values.js';
import type { Arg, Command, Node, Pipe } from './parser.js';
import { position } from './parser.js';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface ExecOptions {
  missingKey: MissingKey;
  functions: FunctionTable;
  /** Maximum evaluation steps (default 200,000). */
  maxSteps?: number;
  /** Maximum output length in characters (default 1 MiB). */
  maxOutput?: number;
}

export class ExecError extends Error {}

const MISSING: unique symbol = Symbol('missing');
type Final = GoValue | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}

interface Variable {
  name: string;
  value: GoValue;
}

export function execute(source: string, nodes: Node[], data: GoValue, options: ExecOptions): string {
  const st = new State(source, data, options);
  st.walkList(data, nodes);
  return st.out;
}

class State {
  out = '';
  private vars: Variable[];
  private steps = 0;
  private readonly maxSteps: number;
  private readonly maxOutput: number;
  private at: { pos: number; text: string } = { pos: 0, text: '' };

  constructor(
    private readonly source: string,
    data: GoValue,
    private readonly options: ExecOptions,
  ) {
    this.vars = [{ name: '$', value: data }];
    this.maxSteps = options.maxSteps ?? 200_000;
    this.maxOutput = options.maxOutput ?? 1024 * 1024;
  }

  private errorf(message: string): never {
    throw new ExecError(
      `template: :${position(this.source, this.at.pos)}: executing "" at <${this.at.text}>: ${message}`,
    );
  }

  private step() {
    if (++this.steps > this.maxSteps) this.errorf(`template execution exceeded ${this.maxSteps} steps`);
  }

  private write(s: string) {
    this.out += s;
    if (this.out.length > this.maxOutput) this.errorf(`template output exceeds ${this.maxOutput} characters`);
  }

  walkList(dot: GoValue, nodes: Node[]) {
    for (const n of nodes) this.walk(dot, n);
  }

  private walk(dot: GoValue, node: Node) {
    this.step();
    switch (node.kind) {
      case 'text':
        this.write(node.text);
        return;
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.write(printValue(v));
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, node.pipe);
        if (isTrue(v)) this.walkList(node.kind === 'with' ? v : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private walkRange(dot: GoValue, node: Extract<Node, { kind: 'range' }>) {
    const mark = this.vars.length;
    const value = this.evalPipelineNoDecl(dot, node.pipe);
    const decl = node.pipe.decl;
    const one = (key: GoValue, elem: GoValue): boolean => {
      this.step();
      if (decl.length === 1) this.vars.push({ name: decl[0]!, value: elem });
      else if (decl.length === 2) {
        this.vars.push({ name: decl[0]!, value: key });
        this.vars.push({ name: decl[1]!, value: elem });
      }
      try {
        this.walkList(elem, node.list);
      } catch (e) {
        if (e instanceof BreakSignal) return false;
        if (!(e instanceof ContinueSignal)) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let iterated = false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        iterated = true;
        if (!one(BigInt(i), value[i])) break;
      }
    } else if (isMap(value)) {
      for (const k of Object.keys(value).sort(cmp)) {
        iterated = true;
        if (!one(k, value[k])) break;
      }
    } else if (typeof value === 'bigint') {
      if (decl.length > 1) this.errorf(`can't use ${value} to iterate over more than one variable`);
      for (let i = 0n; i < value; i++) {
        iterated = true;
        if (!one(i, i)) break;
      }
    } else if (value !== undefined && value !== null) {
      this.errorf(`range can't iterate over ${printValue(value)}`);
    }
    if (!iterated && node.elseList) this.walkList(dot, node.elseList);
    this.vars.length = mark;
  }

  /** Range evaluates its pipeline without assigning the declared variables. */
  private evalPipelineNoDecl(dot: GoValue, pipe: Pipe): GoValue {
    return this.evalPipeline(dot, { ...pipe, decl: [] });
  }

  private evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      let v = this.evalCommand(dot, cmd, value);
      // text/template digs a nil interface out into "no value"
      if (v === null) v = undefined;
      value = v;
    }
    const result: GoValue = value === MISSING ? undefined : value;
    if (pipe.decl.length === 1) {
      const name = pipe.decl[0]!;
      if (pipe.isAssign) this.findVar(name).value = result;
      else this.vars.push({ name, value: result });
    }
    return value === MISSING ? undefined : value;
  }

  private findVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  private evalCommand(dot: GoValue, cmd: Command, final: Final): GoValue {
    this.step();
    const first = cmd.args[0]!;
    this.at = { pos: first.pos, text: argText(first) };
    switch (first.kind) {
      case 'field':
        return this.evalFieldChain(dot, dot, first.idents, cmd.args, final);
      case 'chain': {
        if (cmd.args.length > 1 || final !== MISSING) this.notAFunction(first);
        const base = this.evalArg(dot, first.node, 'any', true);
        return this.evalFieldChain(dot, base, first.idents, cmd.args, final);
      }
      case 'variable': {
        const v = this.findVar(first.name).value;
        if (first.idents.length === 0) {
          if (cmd.args.length > 1 || final !== MISSING) this.notAFunction(first);
          return v;
        }
        return this.evalFieldChain(dot, v, first.idents, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, cmd.args.slice(1), final);
      case 'pipe':
        if (cmd.args.length > 1 || final !== MISSING) this.notAFunction(first);
        return this.evalPipeline(dot, first.pipe);
      case 'nil':
        return this.errorf('nil is not a command');
    }
    if (cmd.args.length > 1 || final !== MISSING) this.notAFunction(first);
    return this.evalArg(dot, first, 'any', false);
  }

  private notAFunction(arg: Arg): never {
    this.errorf(`can't give argument to non-function ${argText(arg)}`);
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    idents: string[],
    args: Arg[],
    final: Final,
  ): GoValue {
    let r = receiver;
    for (let i = 0; i < idents.length; i++) {
      const last = i === idents.length - 1;
      r = this.evalField(r, idents[i]!, last && (args.length > 1 || final !== MISSING));
    }
    void dot;
    return r;
  }

  private evalField(receiver: GoValue, name: string, hasArgs: boolean): GoValue {
    this.step();
    if (receiver === undefined) {
      if (this.options.missingKey === 'error')
        this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name];
      switch (this.options.missingKey) {
        case 'error':
          return this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
        case 'zero':
          return null;
        default:
          return undefined;
      }
    }
    this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, name: string, args: Arg[], final: Final): GoValue {
    if (name === 'and' || name === 'or') {
      const n = args.length + (final !== MISSING ? 1 : 0);
      if (n < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue;
      for (let i = 0; i < n; i++) {
        v = i < args.length || final === MISSING ? this.evalArg(dot, args[i]!, 'any', true) : final;
        const t = isTrue(v);
        if (name === 'and' ? !t : t) return v;
      }
      return v;
    }
    const f = this.options.functions.get(name);
    if (!f) this.errorf(`function ${JSON.stringify(name)} not defined`);
    const n = args.length + (final !== MISSING ? 1 : 0);
    if (f.variadic ? n < f.params.length : n !== f.params.length) {
      this.errorf(
        `wrong number of args for ${name}: want ${f.variadic ? 'at least ' : ''}${f.params.length} got ${n}`,
      );
    }
    const values: GoValue[] = [];
    for (let i = 0; i < n; i++) {
      const type = f.params[i] ?? f.variadic ?? 'any';
      if (i < args.length) values.push(this.evalArg(dot, args[i]!, type, true));
      else values.push(this.validateType(final === MISSING ? undefined : final, type));
    }
    const saved = this.at;
    try {
      return f.call(values);
    } catch (e) {
      this.at = saved;
      if (e instanceof ExecError) throw e;
      const msg = e instanceof GoError ? e.message : `runtime error: ${(e as Error)?.message ?? String(e)}`;
      this.errorf(`error calling ${name}: ${msg}`);
    }
  }

  /** Evaluate an argument for a parameter of the given Go type (`evalArg` + `validateType`). */
  private evalArg(dot: GoValue, arg: Arg, type: ParamType, validate: boolean): GoValue {
    this.step();
    let v: GoValue;
    switch (arg.kind) {
      case 'dot':
        v = dot;
        break;
      case 'nil':
        if (type === 'any' || type === 'map' || type === 'list') return null;
        return this.errorf(`cannot assign nil to ${goParamName(type)}`);
      case 'bool':
        v = arg.value;
        break;
      case 'string':
        v = arg.value;
        break;
      case 'number':
        // untyped constants convert to the parameter's numeric type
        if (type === 'float') v = Number(arg.value);
        else if (type === 'int' && typeof arg.value === 'number' && Number.isInteger(arg.value))
          v = BigInt(arg.value);
        else v = arg.value;
        break;
      case 'field':
        v = this.evalFieldChain(dot, dot, arg.idents, [], MISSING);
        break;
      case 'variable':
        v = this.findVar(arg.name).value;
        if (arg.idents.length) v = this.evalFieldChain(dot, v, arg.idents, [], MISSING);
        break;
      case 'chain': {
        const base = this.evalArg(dot, arg.node, 'any', true);
        v = this.evalFieldChain(dot, base, arg.idents, [], MISSING);
        break;
      }
      case 'pipe':
        v = this.evalPipeline(dot, arg.pipe);
        break;
      case 'identifier':
        v = this.evalFunction(dot, arg.name, [], MISSING);
        break;
    }
    return validate ? this.validateType(v, type) : v;
  }

  private validateType(v: GoValue, type: ParamType): GoValue {
    switch (type) {
      case 'any':
        return v === undefined ? null : v;
      case 'map':
        if (v === undefined || v === null) return {};
        if (isMap(v)) return v;
        break;
      case 'list':
        if (v === undefined || v === null) return [];
        if (Array.isArray(v)) return v;
        break;
      case 'string':
        if (typeof v === 'string') return v;
        break;
      case 'int':
        if (typeof v === 'bigint') return v;
        break;
      case 'float':
        if (typeof v === 'number') return v;
        break;
      case 'bool':
        if (typeof v === 'boolean') return v;
        break;
    }
    if (v === undefined) this.errorf(`invalid value; expected ${goParamName(type)}`);
    this.errorf(`wrong type for value; expected ${goParamName(type)}; got ${goTypeName(v)}`);
  }
}

function goParamName(t: ParamType): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'list':
      return '[]interface {}';
    case 'float':
      return 'float64';
    default:
      return t;
  }
}

function argText(a: Arg): string {
  switch (a.kind) {
    case 'field':
      return '.' + a.idents.join('.');
    case 'variable':
      return [a.name, ...a.idents].join('.');
    case 'chain':
      return `(${argText(a.node)}).${a.idents.join('.')}`;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
      return a.text;
    case 'string':
      return JSON.stringify(a.value);
    case 'identifier':
      return a.name;
    case 'pipe':
      return '(...)';
  }
}
