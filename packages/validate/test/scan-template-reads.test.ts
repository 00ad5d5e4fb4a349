import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyValuesPath, loadChartReadModel } from '../src/helm/chart-read-model.js';
import { scanTemplateReads } from '../src/helm/scan-template-reads.js';
import { ValuesPathTrie } from '../src/helm/values-path-trie.js';

function reads(template: string) {
  const trie = new ValuesPathTrie();
  scanTemplateReads(template, trie);
  return (path: string) => trie.classify(path.split('.'));
}

describe('template reads', () => {
  it.each([
    // template, path, expected
    ['{{ .Values.image.tag }}', 'image.tag', 'wholesale'],
    ['{{ .Values.image.tag }}', 'image.pullPolicy', 'unknown'],
    ['{{ .Values.image.tag }}', 'image', 'known'],
    ['{{- if .Values.ingress.enabled }}x{{ end }}', 'ingress.enabled', 'known'],
    ['{{- if .Values.ingress.enabled }}x{{ end }}', 'ingress.enabled.extra', 'unknown'],
    ['{{ with .Values.resources }}{{ toYaml . }}{{ end }}', 'resources.limits.cpu', 'wholesale'],
    ['{{ with .Values.probe }}{{ .path }}{{ end }}', 'probe.path', 'wholesale'],
    ['{{ with .Values.probe }}{{ .path }}{{ end }}', 'probe.port', 'unknown'],
    ['{{ with .Values.a }}{{ .b }}{{ else }}{{ .Values.c }}{{ end }}', 'c', 'wholesale'],
    ['{{ $cfg := .Values.config }}{{ $cfg.port }}', 'config.port', 'wholesale'],
    ['{{ $cfg := .Values.config }}{{ $cfg.port }}', 'config.host', 'unknown'],
    ['{{ range $k, $v := .Values.env }}{{ $k }}{{ end }}', 'env.ANY', 'wholesale'],
    ['{{ range .Values.hosts }}{{ .name }}{{ end }}', 'hosts', 'wholesale'],
    ['{{ index .Values "my-key" "sub" }}', 'my-key.sub', 'wholesale'],
    ['{{ index .Values "my-key" "sub" }}', 'my-key.other', 'unknown'],
    ['{{ index .Values.servers $name }}', 'servers.any', 'wholesale'],
    ['{{ get .Values.labels "team" }}', 'labels.team', 'wholesale'],
    ['{{ if hasKey .Values.labels "team" }}x{{ end }}', 'labels.team', 'known'],
    ['{{ include "lib.image" (dict "image" .Values.image "ctx" $) }}', 'image.registry', 'wholesale'],
    ['{{ tpl .Values.extraConfig . }}', 'extraConfig.x', 'wholesale'],
    ['{{ $.Values.global.x }}{{ range .Values.items }}{{ $.Values.top.y }}{{ end }}', 'top.y', 'wholesale'],
    ['{{ .Values.podAnnotations | toYaml | nindent 8 }}', 'podAnnotations.a', 'wholesale'],
    ['{{ toYaml .Values }}', 'anything.at.all', 'wholesale'],
    ['{{/* .Values.commented.out */}}', 'commented', 'unknown'],
    ['{{ pluck "x" .Values.a .Values.b | first }}', 'b.x', 'wholesale'],
  ])('%s: %s is %s', (template, path, expected) => {
    expect(reads(template)(path)).toBe(expected);
  });

  it('counts values.schema.json properties and open objects as read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-chart-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
    writeFileSync(
      join(dir, 'values.schema.json'),
      JSON.stringify({
        type: 'object',
        properties: {
          strictBlock: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
          freeForm: { type: 'object', additionalProperties: { type: 'string' } },
        },
      }),
    );
    const model = await loadChartReadModel(dir);
    const c = (p: string) => classifyValuesPath(model!, p.split('.'));
    expect(c('strictBlock.a')).toBe('known');
    expect(c('strictBlock.b')).toBe('unknown');
    expect(c('freeForm.anything')).toBe('wholesale');
    expect(c('notInSchema')).toBe('unknown');
  });
});
