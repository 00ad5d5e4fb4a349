/**
 * The set of `.Values` paths a chart reads. A path can be read as a whole (`toYaml .Values.a`: every
 * key below it counts as read) or only touched (`if .Values.a.b`: a and a.b are read, not their children).
 */
export type ReadKind = 'unknown' | 'known' | 'wholesale';

interface Node {
  children: Map<string, Node>;
  wholesale: boolean;
}

export class ValuesPathTrie {
  private readonly root: Node = { children: new Map(), wholesale: false };

  add(path: readonly string[], wholesale: boolean): void {
    let node = this.root;
    for (const seg of path) {
      if (node.wholesale) return;
      let next = node.children.get(seg);
      if (!next) {
        next = { children: new Map(), wholesale: false };
        node.children.set(seg, next);
      }
      node = next;
    }
    if (wholesale) node.wholesale = true;
  }

  classify(path: readonly string[]): ReadKind {
    let node = this.root;
    if (node.wholesale) return 'wholesale';
    for (const seg of path) {
      const next = node.children.get(seg);
      if (!next) return 'unknown';
      node = next;
      if (node.wholesale) return 'wholesale';
    }
    return 'known';
  }

  /** Keys read directly under a path (for "did you mean" hints). */
  childrenOf(path: readonly string[]): string[] {
    let node: Node | undefined = this.root;
    for (const seg of path) {
      node = node?.children.get(seg);
      if (!node) return [];
    }
    return [...node.children.keys()].sort();
  }

  get everything(): boolean {
    return this.root.wholesale;
  }
}
