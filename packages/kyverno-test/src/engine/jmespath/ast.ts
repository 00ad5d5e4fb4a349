/** JMESPath AST (Kyverno's go-jmespath dialect: JMESPath 2015 grammar). */
export type Comparator = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export type Node =
  | { type: 'Field'; name: string }
  | { type: 'Identity' }
  | { type: 'Current' }
  | { type: 'Literal'; value: unknown }
  | { type: 'Subexpression'; left: Node; right: Node }
  | { type: 'Index'; index: number }
  | { type: 'Slice'; start: number | null; stop: number | null; step: number | null }
  | { type: 'IndexExpression'; left: Node; right: Node }
  | { type: 'Projection'; left: Node; right: Node }
  | { type: 'ValueProjection'; left: Node; right: Node }
  | { type: 'FilterProjection'; left: Node; right: Node; condition: Node }
  | { type: 'Flatten'; child: Node }
  | { type: 'Pipe'; left: Node; right: Node }
  | { type: 'Or'; left: Node; right: Node }
  | { type: 'And'; left: Node; right: Node }
  | { type: 'Not'; child: Node }
  | { type: 'Comparator'; op: Comparator; left: Node; right: Node }
  | { type: 'MultiSelectList'; children: Node[] }
  | { type: 'MultiSelectHash'; pairs: Array<{ key: string; value: Node }> }
  | { type: 'Function'; name: string; args: Node[] }
  | { type: 'ExpressionReference'; child: Node };

export { JmesPathError } from '../evaluation/jmespath-error.js';

import { JmesPathError } from '../evaluation/jmespath-error.js';

/** Missing-key errors are control flow inside `||`/projections: built without a stack trace. */
export function notFound(key: string): JmesPathError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new JmesPathError(`Unknown key "${key}" in path`, 'notFound');
  } finally {
    Error.stackTraceLimit = limit;
  }
}
