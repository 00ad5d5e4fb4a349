/**
 * Test servers on 127.0.0.1, started inside the test, counting every request:
 * - a Helm HTTP repository: `index.yaml` (written by the real `helm repo index`) and the `.tgz` archives
 *   (written by the real `helm package`);
 * - a read-only OCI registry with the distribution API subset `helm pull` uses: `GET /v2/`,
 *   `GET /v2/<name>/tags/list`, `HEAD|GET /v2/<name>/manifests/<tag|digest>`, `GET /v2/<name>/blobs/<digest>`;
 * - a black hole: accepts connections and never answers (timeouts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';

export interface TestChart {
  name: string;
  version: string;
  /** Extra files (path inside the chart → content); default one ConfigMap template. */
  files?: Record<string, string>;
  dependencies?: { name: string; version: string; repository: string }[];
}

/** Write a chart folder under dir and `helm package` it into outDir; returns the archive path. */
export function packageChart(helm: string, dir: string, outDir: string, chart: TestChart): string {
  const root = join(dir, `${chart.name}-${chart.version}`, chart.name);
  mkdirSync(join(root, 'templates'), { recursive: true });
  const deps = chart.dependencies?.length
    ? `dependencies:\n${chart.dependencies.map((d) => `  - name: ${d.name}\n    version: "${d.version}"\n    repository: "${d.repository}"\n`).join('')}`
    : '';
  writeFileSync(
    join(root, 'Chart.yaml'),
    `apiVersion: v2\nname: ${chart.name}\nversion: ${chart.version}\n${deps}`,
  );
  writeFileSync(join(root, 'values.yaml'), 'greeting: hello\n');
  const files = chart.files ?? {
    'templates/configmap.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
  };
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  mkdirSync(outDir, { recursive: true });
  const out = execFileSync(helm, ['package', root, '--destination', outDir], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      HELM_CACHE_HOME: join(dir, '.c'),
      HELM_CONFIG_HOME: join(dir, '.f'),
      HELM_DATA_HOME: join(dir, '.d'),
    },
  }).toString();
  return /saved it to: (.*)$/m.exec(out)?.[1]?.trim() ?? join(outDir, `${chart.name}-${chart.version}.tgz`);
}

export interface CountingServer {
  url: string;
  port: number;
  /** Requests served since start (or the last reset), as `METHOD path`. */
  requests: string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** A Helm HTTP repository serving every archive in chartsDir plus an index.yaml made by `helm repo index`. */
export async function startHelmRepository(helm: string, chartsDir: string): Promise<CountingServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const name = (req.url ?? '/').split('?')[0]!.replace(/^\/+/, '');
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(chartsDir, name));
      res
        .writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  execFileSync(helm, ['repo', 'index', chartsDir, '--url', url], {
    env: { PATH: process.env.PATH ?? '', HOME: chartsDir },
  });
  return { url, port, requests, close: () => closeServer(server) };
}

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A read-only OCI registry holding each archive in chartsDir as `<namespace>/<chart>:<version>`. */
export async function startOciRegistry(chartsDir: string, namespace: string): Promise<CountingServer> {
  const requests: string[] = [];
  const repos = new Map<string, Map<string, { manifest: string; digest: string }>>();
  const blobs = new Map<string, Buffer>();
  for (const file of readdirSync(chartsDir).filter((f) => f.endsWith('.tgz'))) {
    const m = /^(.*)-(\d[^-]*(?:-[^-]+)?)\.tgz$/.exec(file)!;
    const [chart, version] = [m[1]!, m[2]!];
    const layer = readFileSync(join(chartsDir, file));
    const config = Buffer.from(JSON.stringify({ apiVersion: 'v2', name: chart, version }));
    blobs.set(sha(layer), layer);
    blobs.set(sha(config), config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.cncf.helm.config.v1+json',
        digest: sha(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
          digest: sha(layer),
          size: layer.length,
        },
      ],
    });
    const name = `${namespace}/${chart}`;
    const tags = repos.get(name) ?? new Map();
    tags.set(version, { manifest, digest: sha(manifest) });
    repos.set(name, tags);
  }
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
      res.writeHead(status, { 'content-length': String(buf.length), ...headers });
      res.end(req.method === 'HEAD' ? undefined : buf);
    };
    if (url === '/v2/' || url === '/v2') return send(200, '{}', { 'content-type': 'application/json' });
    const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url);
    if (tagsList) {
      const tags = repos.get(tagsList[1]!);
      if (!tags) return send(404, '{"errors":[{"code":"NAME_UNKNOWN"}]}');
      return send(200, JSON.stringify({ name: tagsList[1], tags: [...tags.keys()] }), {
        'content-type': 'application/json',
      });
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url);
    if (manifest) {
      const tags = repos.get(manifest[1]!);
      const ref = decodeURIComponent(manifest[2]!);
      const hit = tags && ([...tags.values()].find((t) => t.digest === ref) ?? tags.get(ref));
      if (!hit) return send(404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      return send(200, hit.manifest, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': hit.digest,
      });
    }
    const blob = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(url);
    if (blob) {
      const data = blobs.get(decodeURIComponent(blob[2]!));
      if (!data) return send(404, '{"errors":[{"code":"BLOB_UNKNOWN"}]}');
      return send(200, data, {
        'content-type': 'application/octet-stream',
        'docker-content-digest': blob[2]!,
      });
    }
    send(404, '');
  });
  const port = await listen(server);
  return { url: `127.0.0.1:${port}`, port, requests, close: () => closeServer(server) };
}

/** Accepts TCP connections and never answers: a server that hangs. */
export async function startBlackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
