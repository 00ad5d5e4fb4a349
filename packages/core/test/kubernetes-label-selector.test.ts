/**
 * metav1.LabelSelector after k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and
 * k8s.io/apimachinery/pkg/labels/selector.go; every caller difference is an option, each covered here.
 */
import { describe, expect, it } from 'vitest';
import {
  compileLabelSelector,
  isEmptyLabelSelector,
  type LabelSelectorOptions,
  matchesLabelSelector,
} from '../src/kubernetes/label-selector.js';

const labels = { app: 'web', tier: 'front' };
const STRICT: LabelSelectorOptions = {};
const ABSENT_INVALID: LabelSelectorOptions = { absent: 'invalid' };
const LENIENT: LabelSelectorOptions = { malformed: 'ignored', emptyValues: 'set-membership' };

describe('matchesLabelSelector', () => {
  it.each([
    // selector, options, expected
    [{ matchLabels: { app: 'web' } }, STRICT, true],
    [{ matchLabels: { app: 'api' } }, STRICT, false],
    [{ matchLabels: { app: 'web', tier: 'front' } }, STRICT, true],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] }, STRICT, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, STRICT, false],
    [{ matchExpressions: [{ key: 'gone', operator: 'NotIn', values: ['x'] }] }, STRICT, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, STRICT, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, STRICT, false],
    // inherited names are not labels
    [{ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, STRICT, false],
    // matchLabels values are compared as text (YAML `version: 1`)
    [{ matchLabels: { v: 1 } }, STRICT, false],
    // an empty selector selects everything (LabelSelectorAsSelector: labels.Everything)
    [{}, STRICT, true],
    // absent: matches-all (default) or invalid
    [undefined, STRICT, true],
    [null, STRICT, true],
    [undefined, ABSENT_INVALID, false],
    // emptyValues: invalid (default) or set-membership
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, STRICT, false],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] }, STRICT, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, LENIENT, false],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] }, LENIENT, true],
    // malformed: invalid (default) or ignored
    ['app=web', STRICT, false],
    ['app=web', LENIENT, true],
    [{ matchLabels: 'app' }, STRICT, false],
    [{ matchLabels: 'app' }, LENIENT, true],
    [{ matchExpressions: { key: 'app' } }, STRICT, false],
    [{ matchExpressions: { key: 'app' } }, LENIENT, true],
    [{ matchExpressions: ['app'] }, STRICT, false],
    [{ matchExpressions: ['app'] }, LENIENT, true],
    [{ matchExpressions: [{ key: 1, operator: 'DoesNotExist' }] }, STRICT, false],
    [{ matchExpressions: [{ key: 1, operator: 'DoesNotExist' }] }, LENIENT, true],
    // an unknown operator is invalid in every mode
    [{ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, STRICT, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, LENIENT, false],
  ])('%j with %j → %s', (selector, options, expected) => {
    expect(matchesLabelSelector(selector, labels, options)).toBe(expected);
  });
});

describe('compileLabelSelector errors', () => {
  it.each([
    ['not an object', 'selector must be an object'],
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      `values: Required value: for 'in', 'notin' operators, values set can't be empty`,
    ],
    [{ matchExpressions: [{ key: 'a', operator: 'in' }] }, '"in" is not a valid label selector operator'],
    [{ matchLabels: [] }, 'matchLabels must be an object'],
  ])('%j: %s', (selector, error) => {
    expect(compileLabelSelector(selector)).toEqual({ ok: false, error });
  });

  it('lists matchLabels before matchExpressions', () => {
    const r = compileLabelSelector({
      matchExpressions: [{ key: 'b', operator: 'Exists' }],
      matchLabels: { a: 'x' },
    });
    expect(r.ok && r.requirements.map((q) => q.key)).toEqual(['a', 'b']);
  });
});

describe('isEmptyLabelSelector', () => {
  it.each([
    [undefined, true],
    [{}, true],
    [{ matchLabels: {}, matchExpressions: [] }, true],
    [{ matchLabels: { a: 'b' } }, false],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, false],
  ])('%j → %s', (selector, expected) => {
    expect(isEmptyLabelSelector(selector)).toBe(expected);
  });
});
