/**
 * Git generator (`applicationset/generators/git.go`), directories and files, against the local checkout
 * through the context: directories from `listRepoFiles()` (Go path.Match, exclude wins, hidden dirs skipped),
 * files with git pathspec semantics (`*` crosses `/`), parsed as YAML/JSON into one or many param sets.
 */
import { copyOwn, loadYaml, setOwn } from '@neuroscale/core';
import { flattenToStrings } from '../go-flatten.js';
import { pathBase, pathDir, pathMatch, pathspecMatch, walkDirectories } from '../go-path.js';
import { sanitizeName } from '../gotemplate/index.js';
import {
  FAILED,
  type GeneratorContext,
  type GeneratorOutput,
  isRecord,
  ok,
  type ParamSet,
  report,
  tooManyParams,
} from './generator-context.js';
import { appendTemplatedValues } from './values.js';

export function gitGenerator(
  git: Record<string, unknown>,
  pointer: string,
  g: GeneratorContext,
): GeneratorOutput {
  const repoURL = typeof git.repoURL === 'string' ? git.repoURL : '';
  // Argo CD checks the project first; both problems are reported so the remote one is not hidden
  const projectOk = projectExists(pointer, g);
  if (!repoURL || !g.ctx.isLocalRepo(repoURL)) {
    report(g, {
      ruleId: 'render/appset-remote-git-generator',
      severity: 'warning',
      message: `git generator reads ${repoURL || '(no repoURL)'}, which is not this repository; it cannot be expanded offline and produced no Applications`,
      pointer: `${pointer}/repoURL`,
      details: { repoURL },
    });
    return FAILED;
  }
  if (!projectOk) return FAILED;
  const prefix = typeof git.pathParamPrefix === 'string' ? git.pathParamPrefix : '';
  const values = isRecord(git.values) ? (git.values as Record<string, unknown>) : undefined;
  const dirs = Array.isArray(git.directories) ? git.directories : [];
  const files = Array.isArray(git.files) ? git.files : [];
  let params: ParamSet[] | undefined;
  if (dirs.length > 0) params = directoryParams(dirs, prefix, pointer, g);
  else if (files.length > 0) params = fileParams(files, prefix, pointer, g);
  else {
    report(g, {
      ruleId: 'render/appset-generator-error',
      message: 'git generator has neither directories nor files',
      pointer,
    });
    return FAILED;
  }
  if (!params) return FAILED;
  for (const p of params) {
    if (!appendTemplatedValues(values, p, `${pointer}/values`, g)) return FAILED;
  }
  return ok(params);
}

/** `git.go GenerateParams`: a non-templated spec.template.spec.project must exist (AppProject lookup). */
function projectExists(pointer: string, g: GeneratorContext): boolean {
  const known = g.ctx.knownProjects;
  if (!known) return true;
  const spec = (g.appSet.spec ?? {}) as Record<string, unknown>;
  const tmplSpec = isRecord(spec.template) && isRecord(spec.template.spec) ? spec.template.spec : {};
  const project = typeof tmplSpec.project === 'string' ? tmplSpec.project : '';
  if (project.includes('{{')) return true;
  if (known.has(project)) return true;
  report(g, {
    ruleId: 'render/appset-project-not-found',
    message: `git generator ${pointer} fails with "error getting project ${project}": AppProject "${project}" is not defined anywhere in the rendered tree`,
    pointer: '/spec/template/spec/project',
    details: { project, generator: pointer },
  });
  return false;
}

const dirCache = new WeakMap<readonly string[], string[]>();

/** Directories of the checkout, computed once per file list (matrix children re-run this per param set). */
function repoDirectories(g: GeneratorContext): string[] {
  const files = g.ctx.listRepoFiles();
  let dirs = dirCache.get(files);
  if (!dirs) {
    dirs = walkDirectories(files);
    dirCache.set(files, dirs);
  }
  return dirs;
}

function directoryParams(
  items: unknown[],
  prefix: string,
  pointer: string,
  g: GeneratorContext,
): ParamSet[] | undefined {
  const all = repoDirectories(g);
  const wanted = all.filter((dir) => {
    let include = false;
    let exclude = false;
    for (const it of items) {
      if (!isRecord(it) || typeof it.path !== 'string') continue;
      if (!pathMatch(it.path, dir)) continue;
      if (it.exclude === true) exclude = true;
      else include = true;
    }
    return include && !exclude;
  });
  if (tooManyParams(g, wanted.length, `${pointer}/directories`, 'git directories generator'))
    return undefined;
  return wanted.map((dir) => {
    const base = pathBase(dir);
    if (g.mode.goTemplate) {
      const path = {
        path: dir,
        basename: base,
        basenameNormalized: sanitizeName(base),
        segments: dir.split('/'),
      };
      return prefix ? { [prefix]: { path } } : { path };
    }
    const name = prefix ? `${prefix}.path` : 'path';
    const p: ParamSet = {
      [name]: dir,
      [`${name}.basename`]: base,
      [`${name}.basenameNormalized`]: sanitizeName(base),
    };
    dir.split('/').forEach((seg, i) => {
      if (seg) setOwn(p, `${name}[${i}]`, seg);
    });
    return p;
  });
}

function fileParams(
  items: unknown[],
  prefix: string,
  pointer: string,
  g: GeneratorContext,
): ParamSet[] | undefined {
  const repoFiles = g.ctx.listRepoFiles();
  const selected = new Set<string>();
  const includes = items.filter(
    (i): i is Record<string, unknown> => isRecord(i) && typeof i.path === 'string' && i.exclude !== true,
  );
  const excludes = items.filter(
    (i): i is Record<string, unknown> => isRecord(i) && typeof i.path === 'string' && i.exclude === true,
  );
  for (const inc of includes)
    for (const f of repoFiles) if (pathspecMatch(inc.path as string, f)) selected.add(f);
  for (const exc of excludes)
    for (const f of [...selected]) if (pathspecMatch(exc.path as string, f)) selected.delete(f);
  if (tooManyParams(g, selected.size, `${pointer}/files`, 'git files generator')) return undefined;
  // sizes before reads: the files a pattern selects are summed from stat and refused together when too big
  if (g.ctx.repoFileSize) {
    let total = 0;
    for (const f of selected) total += g.ctx.repoFileSize(f) ?? 0;
    if (total > g.limits.maxGitFilesBytes) {
      report(g, {
        ruleId: 'render/appset-files-too-large',
        message: `git files generator selects ${selected.size} file(s) totalling ${total} bytes, over the limit of ${g.limits.maxGitFilesBytes}; none was read`,
        pointer: `${pointer}/files`,
        details: { bytes: total, limit: g.limits.maxGitFilesBytes },
      });
      return undefined;
    }
  }
  const out: ParamSet[] = [];
  for (const file of [...selected].sort()) {
    const text = g.ctx.readRepoFile(file);
    if (text === undefined) continue;
    const objects = parseParamFile(text, file);
    if (typeof objects === 'string') {
      report(g, {
        ruleId: 'render/appset-generator-error',
        message: `git files generator: unable to process file '${file}': ${objects}`,
        pointer: `${pointer}/files`,
        details: { file },
      });
      return undefined;
    }
    // a file may hold a list of objects: counted before each file's sets are built
    if (tooManyParams(g, out.length + objects.length, `${pointer}/files`, 'git files generator'))
      return undefined;
    for (const obj of objects) out.push(fileParamSet(obj, file, prefix, g.mode.goTemplate));
  }
  return out;
}

/** sigs.k8s.io/yaml: one object, else a list of objects; an empty file is one empty object. */
function parseParamFile(text: string, file: string): Record<string, unknown>[] | string {
  const { documents, findings } = loadYaml(text, { file });
  const err = findings.find((f) => f.severity === 'error');
  if (err) return `unable to parse file: ${err.message}`;
  const v = documents[0]?.value;
  if (v === undefined || v === null) return [{}];
  if (isRecord(v)) return [v];
  if (Array.isArray(v) && v.every(isRecord)) return v as Record<string, unknown>[];
  return 'unable to parse file: the content is neither an object nor a list of objects';
}

function fileParamSet(
  obj: Record<string, unknown>,
  file: string,
  prefix: string,
  goTemplate: boolean,
): ParamSet {
  const dir = pathDir(file);
  const base = pathBase(dir);
  const filename = pathBase(file);
  if (goTemplate) {
    const params: ParamSet = copyOwn(obj);
    const path = {
      path: dir,
      basename: base,
      filename,
      basenameNormalized: sanitizeName(base),
      filenameNormalized: sanitizeName(filename),
      segments: dir.split('/'),
    };
    // pathParamPrefix is PR data: written as an own key whatever it is
    setOwn(params, prefix || 'path', prefix ? { path } : path);
    return params;
  }
  const params: ParamSet = { ...flattenToStrings(obj) };
  const name = prefix ? `${prefix}.path` : 'path';
  setOwn(params, name, dir);
  setOwn(params, `${name}.basename`, base);
  setOwn(params, `${name}.filename`, filename);
  setOwn(params, `${name}.basenameNormalized`, sanitizeName(base));
  setOwn(params, `${name}.filenameNormalized`, sanitizeName(filename));
  dir.split('/').forEach((seg, i) => {
    if (seg) setOwn(params, `${name}[${i}]`, seg);
  });
  return params;
}
