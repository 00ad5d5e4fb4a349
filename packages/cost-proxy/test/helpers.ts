import type { Manifest } from '@neuroscale/core';

/** A Manifest for an in-memory object (no locator: findings fall back to the document line). */
export function manifest(
  object: Record<string, unknown>,
  options: { app?: string; file?: string; line?: number } = {},
): Manifest {
  return {
    object: object as Manifest['object'],
    source: {
      apps: options.app === undefined ? ['shop'] : options.app ? [options.app] : [],
      file: options.file ?? 'apps/shop.yaml',
      documentIndex: 0,
      line: options.line ?? 1,
      column: 1,
    },
  };
}

export const container = (
  name: string,
  requests?: Record<string, unknown>,
  limits?: Record<string, unknown>,
) => ({
  name,
  image: `example.com/${name}:1`,
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});

export function deployment(
  name: string,
  options: {
    replicas?: unknown;
    kind?: string;
    apiVersion?: string;
    labels?: Record<string, string>;
    namespace?: string;
    containers?: unknown[];
  } = {},
): Record<string, unknown> {
  return {
    apiVersion: options.apiVersion ?? 'apps/v1',
    kind: options.kind ?? 'Deployment',
    metadata: {
      name,
      namespace: options.namespace ?? 'shop',
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: {
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      template: {
        spec: { containers: options.containers ?? [container(name, { cpu: '1', memory: '1Gi' })] },
      },
    },
  };
}
