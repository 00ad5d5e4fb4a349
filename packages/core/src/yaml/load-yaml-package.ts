/**
 * The `yaml` package, loaded the first time it is needed (its CommonJS build, synchronously). js-yaml loads
 * every document; `yaml` only locates a finding the line scanner cannot place, measures a suspected alias
 * bomb and stands in under a frozen Object.prototype, which most runs never do.
 */
import { createRequire } from 'node:module';

type YamlPackage = typeof import('yaml');
let loaded: YamlPackage | undefined;

export function yamlPackage(): YamlPackage {
  loaded ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return loaded;
}
