/** Everything the CLI touches in the outside world, injected so tests run it in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Text of stdin (for `validate -`). */
  readStdin: () => Promise<string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colour, progress). */
  isTTY: boolean;
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on (or test mismatches), 2 usage or internal error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage problem (bad flag value, missing file): printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
