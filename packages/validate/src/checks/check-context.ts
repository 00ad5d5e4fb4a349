/** What every beyond-the-schema check gets: the manifests, the schema registry (for scopes) and the apps. */
import {
  type AppNode,
  type Finding,
  type FindingInit,
  finding,
  locationOf,
  type Manifest,
  objectRef,
} from '@neuroscale/core';
import type { SchemaRegistry } from '../schemas/schema-registry.js';

export interface CheckContext {
  manifests: readonly Manifest[];
  registry: SchemaRegistry;
  /** Applications by name (from render), when known. */
  apps: ReadonlyMap<string, AppNode>;
}

export type Check = (ctx: CheckContext) => Finding[];

/** The Application that produced a manifest (leaf of the chain), if any. */
export function appOf(m: Manifest): string | undefined {
  return m.source.apps.at(-1);
}

/** A finding about a manifest, placed at `pointer` (the document start when the pointer is not found). */
export function manifestFinding(
  m: Manifest,
  pointer: string,
  init: Omit<FindingInit, 'object' | 'location' | 'path' | 'app'>,
): Finding {
  const app = appOf(m);
  return finding({
    ...init,
    object: objectRef(m.object),
    location: locationOf(m, pointer),
    ...(pointer ? { path: pointer } : {}),
    ...(app ? { app } : {}),
  });
}

export { isPlainRecord as isRecord } from '@neuroscale/core';
