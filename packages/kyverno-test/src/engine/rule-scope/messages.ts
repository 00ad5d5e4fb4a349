import { substituteAll } from '../variables/substitute.js';
import { type Scope, substOpts } from './scope.js';

/** `validate.message` with variables substituted (left raw when substitution fails). */
export function ruleMessage(s: Scope): string {
  const raw = s.rule.validate.message;
  if (!raw) return '';
  try {
    const m = substituteAll(raw, s.ctx, substOpts(s));
    return typeof m === 'string' ? m : JSON.stringify(m);
  } catch {
    return raw;
  }
}

export function patternFailMessage(s: Scope, path: string): string {
  const msg = ruleMessage(s);
  if (!msg) return `validation error: rule ${s.rule.name} failed at path ${path}`;
  return `validation error: ${msg.endsWith('.') ? msg : `${msg}.`} rule ${s.rule.name} failed at path ${path}`;
}

export function anyPatternFailMessage(s: Scope, errors: string[]): string {
  const msg = ruleMessage(s);
  const prefix = msg ? `validation error: ${msg.endsWith('.') ? msg : `${msg}.`} ` : 'validation error: ';
  return prefix + errors.join(' ');
}

export function denyMessage(s: Scope, conditionMessages: string[]): string {
  const msg = ruleMessage(s);
  const parts = [msg, ...conditionMessages].filter(Boolean);
  if (parts.length === 0) return `validation error: rule ${s.rule.name} failed`;
  return parts.join('; ');
}
