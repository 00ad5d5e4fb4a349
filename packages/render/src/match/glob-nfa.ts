/**
 * Linear-time glob matching for patterns that come from a pull request.
 *
 * A glob is compiled to a Thompson NFA (one state per pattern token) and simulated over the text with a set of
 * active states, so matching costs O(text × pattern) whatever the pattern: `*a*a*a*a*a*b` against a long name, or
 * nested `{a,{a,{a,…}}}` alternatives, cannot backtrack. A translation to a JS RegExp would run on V8's
 * backtracking engine, exponential on exactly those patterns.
 *
 * The token syntax is parsed by the dialect modules (gobwas-glob.ts for Argo CD's directory include/exclude,
 * go-path.ts for Go `path.Match` and git pathspecs); this module only builds and runs the automaton.
 */

/** One pattern token. `any` and `star` may exclude `/` (Go path.Match); classes are sets of code point ranges. */
export type GlobToken =
  | { k: 'lit'; cp: number }
  | { k: 'any' }
  | { k: 'star'; crossSlash?: boolean }
  | { k: 'class'; negate: boolean; ranges: [number, number][] }
  | { k: 'alt'; alts: GlobToken[][] };

export interface GlobOptions {
  /** `*` and `?` do not match `/` (Go path.Match). */
  slashIsSeparator?: boolean;
}

const SLASH = 0x2f;

/** NFA state: consumes one code point (`test`) then goes to `next`, or is an epsilon split, or accepts. */
type State =
  | { t: 'char'; test: (cp: number) => boolean; next: number }
  | { t: 'split'; outs: number[] }
  | { t: 'match' };

export interface CompiledGlob {
  states: State[];
  start: number;
}

export function compileGlob(tokens: GlobToken[], options: GlobOptions = {}): CompiledGlob {
  const states: State[] = [];
  const sep = options.slashIsSeparator === true;
  const anyCp = sep ? (cp: number) => cp !== SLASH : () => true;
  const add = (s: State) => states.push(s) - 1;
  // Build back to front: each sequence is compiled given the state that follows it.
  const seq = (toks: GlobToken[], next: number): number => {
    let cur = next;
    for (let i = toks.length - 1; i >= 0; i--) cur = one(toks[i]!, cur);
    return cur;
  };
  const one = (tok: GlobToken, next: number): number => {
    switch (tok.k) {
      case 'lit':
        return add({ t: 'char', test: (cp) => cp === tok.cp, next });
      case 'any':
        return add({ t: 'char', test: anyCp, next });
      case 'class': {
        const { negate, ranges } = tok;
        const inClass = (cp: number) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
        return add({ t: 'char', test: (cp) => inClass(cp) !== negate, next });
      }
      case 'star': {
        // split → (consume any → back to split) | next
        const split = add({ t: 'split', outs: [] });
        // gobwas `**` (super-asterisk) crosses separators even when `*` does not
        const loop = add({ t: 'char', test: tok.crossSlash ? () => true : anyCp, next: split });
        (states[split] as { outs: number[] }).outs.push(loop, next);
        return split;
      }
      case 'alt':
        return add({ t: 'split', outs: tok.alts.map((a) => seq(a, next)) });
    }
  };
  const match = add({ t: 'match' });
  // Collapse runs of stars: `**` matches what `*` matches, and fewer states keep the simulation small.
  const collapsed: GlobToken[] = [];
  for (const t of tokens)
    if (!(t.k === 'star' && collapsed[collapsed.length - 1]?.k === 'star' && !t.crossSlash))
      collapsed.push(t);
  return { states, start: seq(collapsed, match) };
}

/**
 * Active state list with O(1) membership: `mark[s] === gen` means s is in the current list. Arrays instead of
 * Sets keep the inner loop allocation-free (the cost is O(states) per text character).
 */
class StateList {
  readonly items: Int32Array;
  size = 0;
  constructor(n: number) {
    this.items = new Int32Array(n);
  }
}

class Simulator {
  private readonly mark: Uint32Array;
  private gen = 1;
  private readonly stack: Int32Array;
  constructor(private readonly g: CompiledGlob) {
    this.mark = new Uint32Array(g.states.length);
    this.stack = new Int32Array(g.states.length * 2 + 2);
  }

  begin(list: StateList): void {
    list.size = 0;
    this.gen++;
  }

  /** Epsilon closure of `from` into `list` (iterative: deep alternative nesting cannot exhaust the stack). */
  add(list: StateList, from: number): void {
    let sp = 0;
    this.stack[sp++] = from;
    while (sp > 0) {
      const s = this.stack[--sp]!;
      if (this.mark[s] === this.gen) continue;
      this.mark[s] = this.gen;
      const st = this.g.states[s]!;
      if (st.t === 'split') for (let i = st.outs.length - 1; i >= 0; i--) this.stack[sp++] = st.outs[i]!;
      else list.items[list.size++] = s;
    }
  }

  step(from: StateList, to: StateList, cp: number): void {
    this.begin(to);
    for (let i = 0; i < from.size; i++) {
      const st = this.g.states[from.items[i]!]!;
      if (st.t === 'char' && st.test(cp)) this.add(to, st.next);
    }
  }

  accepts(list: StateList): boolean {
    for (let i = 0; i < list.size; i++) if (this.g.states[list.items[i]!]!.t === 'match') return true;
    return false;
  }
}

function run(g: CompiledGlob, text: string, leadingDir: boolean): boolean {
  const sim = new Simulator(g);
  let cur = new StateList(g.states.length);
  let next = new StateList(g.states.length);
  sim.begin(cur);
  sim.add(cur, g.start);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (leadingDir && cp === SLASH && sim.accepts(cur)) return true;
    sim.step(cur, next, cp);
    [cur, next] = [next, cur];
    if (cur.size === 0) return false;
  }
  return sim.accepts(cur);
}

/** Whole-text match. */
export function runGlob(g: CompiledGlob, text: string): boolean {
  return run(g, text, false);
}

/**
 * True when the glob matches the whole text or any prefix of it that ends right before a `/` (a leading
 * directory), in one pass: the state set is checked for acceptance at every `/`.
 */
export function runGlobOrLeadingDir(g: CompiledGlob, text: string): boolean {
  return run(g, text, true);
}
