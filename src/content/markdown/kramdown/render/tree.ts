// Block tokens (flat, opened and closed) as a tree, the shape kramdown's converter walks.
import type Token from 'markdown-it/lib/token.mjs';

export interface Node {
  readonly token: Token;
  readonly children: Node[];
}

/** The tree of `tokens` under a synthetic root token. */
export function blockTree(root: Token, tokens: readonly Token[]): Node {
  const top: Node = { token: root, children: [] };
  const stack: Node[] = [top];
  for (const t of tokens) {
    const parent = stack.at(-1) as Node;
    if (t.nesting === 1) {
      const n: Node = { token: t, children: [] };
      parent.children.push(n);
      stack.push(n);
    } else if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (t.type !== 'kd_removed') {
      parent.children.push({ token: t, children: [] });
    }
  }
  return top;
}
