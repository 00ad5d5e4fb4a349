/**
 * A bundler plugin for dist/cli.cjs: the build fails on an `import()` the bundle would keep (one that names a
 * package left external, or a Node built-in). The bundle runs through a vm.Script (src/start/), where a dynamic import has no
 * module loader to go to (Node throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); a static import of the package
 * becomes a require() that runs when its module is first used, which is just as lazy (for a built-in,
 * process.getBuiltinModule).
 */
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

export function forbidRuntimeImport(external: readonly string[]): Plugin {
  const isExternal = (path: string) =>
    path.startsWith('node:') || external.some((p) => path === p || path.startsWith(`${p}/`));
  return {
    name: 'forbid-runtime-import',
    setup(build) {
      // and an import() esbuild could not resolve at all (a computed specifier) is found in the output
      build.onEnd((result) => {
        const errors = [];
        for (const out of result.outputFiles ?? []) {
          if (!out.path.endsWith('.cjs')) continue;
          const at = /(?<![\w$.])import\(/.exec(out.text);
          if (at)
            errors.push({
              text: `${out.path} keeps an import() at offset ${at.index}: the CLI's bundle cannot import() at run time`,
            });
        }
        return { errors };
      });
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
