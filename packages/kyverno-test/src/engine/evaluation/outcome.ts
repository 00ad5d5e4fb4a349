import type { RuleStatus } from '../types.js';

export interface Outcome {
  status: RuleStatus;
  message: string;
}

export const outcome = (status: RuleStatus, message: string): Outcome => ({ status, message });
