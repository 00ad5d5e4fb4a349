/**
 * Setup file of the packages with property tests: every fast-check property is bounded by a run count
 * (explicit `numRuns` wins), so a property test costs the same on every run and machine.
 */
import fc from 'fast-check';

fc.configureGlobal({ numRuns: 100 });
