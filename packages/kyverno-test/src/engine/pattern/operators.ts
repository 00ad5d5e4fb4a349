/** String-pattern operators (`pkg/engine/operator/operator.go`). */
export type PatternOperator = '' | '!' | '>' | '<' | '>=' | '<=' | 'InRange' | 'NotInRange';

const N = '[-+]?\\d+(?:\\.\\d+)?[A-Za-z]*';
const NOT_IN_RANGE = new RegExp(`^(${N})!-(${N})$`);
const IN_RANGE = new RegExp(`^(${N})-(${N})$`);

export function operatorOf(pattern: string): PatternOperator {
  if (pattern.length < 2) return '';
  if (pattern.startsWith('>=')) return '>=';
  if (pattern.startsWith('<=')) return '<=';
  if (pattern.startsWith('>')) return '>';
  if (pattern.startsWith('<')) return '<';
  if (pattern.startsWith('!')) return '!';
  if (NOT_IN_RANGE.test(pattern)) return 'NotInRange';
  if (IN_RANGE.test(pattern)) return 'InRange';
  return '';
}
