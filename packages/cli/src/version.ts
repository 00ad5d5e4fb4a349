// The package.json is inlined by the build (a JSON import): reading and resolving it at run time was a
// measurable part of the start-up of `validate <file>`.
import packageJson from '../package.json' with { type: 'json' };

/** The CLI's own version, from its package.json. */
export const VERSION: string = packageJson.version;
