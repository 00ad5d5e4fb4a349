/**
 * A bundler plugin for dist/cli.cjs: the build fails on an `import()` the bundle would keep (one that names a
 * package left external). The bundle runs through a vm.Script (src/start/), where a dynamic import has no
 * module loader to go to (Node throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); a static import of the package
 * becomes a require() that runs when its module is first used, which is just as lazy.
 */
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

export function forbidRuntimeImport(external: readonly string[]): Plugin {
  const isExternal = (path: string) => external.some((p) => path === p || path.startsWith(`${p}/`));
  return {
    name: 'forbid-runtime-import',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !isExternal(args.path)) return undefined;
        return {
          errors: [
            {
              text: `import('${args.path}') in ${args.importer}: the CLI's bundle cannot import() at run time; import it statically`,
            },
          ],
        };
      });
    },
  };
}
