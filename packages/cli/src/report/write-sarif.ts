/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
 * One run; one rule per rule id with help texts from rule-help.ts; results in core's finding order,
 * repo-relative URIs under `%SRCROOT%`, the object as a logical location, and a partial fingerprint
 * that survives line moves so code scanning keeps one alert per problem.
 */

import { createHash } from 'node:crypto';
import type { Finding, Severity } from '@neuroscale/core';
import { compareFindings, compareStrings, SEVERITY_RANK } from '@neuroscale/core';
import { jsonCoverage } from './coverage-facts.js';
import { displayLocation, encodePathForUri, indexObjects, STAGE_ORDER } from './finding-facts.js';
import type { Report, StageName } from './report-model.js';
import { ruleHelp } from './rule-help.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://github.com/neuroscale/neuroscale';
/** The key of our partial fingerprint; bump the suffix if the hashed fields ever change. */
export const FINGERPRINT_KEY = 'neuroscaleFinding/v1';

export interface SarifReportOptions {
  /** `runAutomationDetails.id` prefix (upload-sarif `category`), e.g. `neuroscale/gitops`. */
  category?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function writeSarif(report: Report, options: SarifReportOptions = {}): string {
  const findings = [...report.findings].sort(compareFindings);
  const objects = indexObjects(report.objects);

  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort(compareStrings);
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const worst = new Map<string, Severity>();
  // a rule's tags: the stages its findings came from, in pipeline order
  const stagesOfRule = new Map<string, Set<StageName>>();
  for (const f of findings) {
    const seen = worst.get(f.ruleId);
    if (!seen || SEVERITY_RANK[f.severity] > SEVERITY_RANK[seen]) worst.set(f.ruleId, f.severity);
    const stages = stagesOfRule.get(f.ruleId);
    if (stages) stages.add(f.stage);
    else stagesOfRule.set(f.ruleId, new Set([f.stage]));
  }

  const rules = ruleIds.map((id) => {
    const help = ruleHelp(id);
    return {
      id,
      shortDescription: { text: help.short },
      fullDescription: { text: help.full },
      help: { text: help.help },
      defaultConfiguration: { level: LEVEL[worst.get(id) ?? 'error'] },
      properties: { tags: STAGE_ORDER.filter((stage) => stagesOfRule.get(id)?.has(stage)) },
    };
  });

  const occurrences = new Map<string, number>();
  const results = findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
    };
    const location = sarifLocation(f, displayLocation(f, objects));
    if (location) result.locations = [location];
    const key = fingerprint(f);
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    result.partialFingerprints = { [FINGERPRINT_KEY]: `${key}:${n}` };
    const properties: Record<string, unknown> = { stage: f.stage };
    if (f.app !== undefined) properties.app = f.app;
    if (f.path !== undefined) properties.jsonPointer = f.path;
    if (f.object?.apiVersion) properties.apiVersion = f.object.apiVersion;
    result.properties = properties;
    return result;
  });

  const driver: Record<string, unknown> = {
    name: report.tool.name,
    version: report.tool.version,
  };
  if (/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(report.tool.version)) driver.semanticVersion = report.tool.version;
  driver.informationUri = TOOL_INFORMATION_URI;
  driver.rules = rules;

  const run: Record<string, unknown> = { tool: { driver } };
  if (options.category) {
    run.automationDetails = {
      id: options.category.endsWith('/') ? options.category : `${options.category}/`,
    };
  }
  run.originalUriBaseIds = {
    '%SRCROOT%': { description: { text: 'The repository root; every artifact URI is relative to it.' } },
  };
  run.columnKind = 'utf16CodeUnits';
  run.results = results;
  // run properties: what the run could check (SARIF 2.1.0 §3.8, property bags)
  if (report.coverage) run.properties = { coverage: jsonCoverage(report.coverage) };

  const log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifLocation(f: Finding, loc: Finding['location']): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (loc) {
    // GitHub rejects a physical location without a region (GH1003): a file-level finding points at line 1.
    const region: Record<string, number> = {
      startLine: loc.line !== undefined && loc.line > 0 ? loc.line : 1,
    };
    if (loc.column !== undefined && loc.column > 0) region.startColumn = loc.column;
    if (loc.endLine !== undefined && loc.endLine >= region.startLine!) region.endLine = loc.endLine;
    if (loc.endColumn !== undefined && loc.endColumn > 0 && loc.endLine !== undefined) {
      region.endColumn = loc.endColumn;
    }
    out.physicalLocation = {
      artifactLocation: { uri: encodePathForUri(loc.file), uriBaseId: '%SRCROOT%' },
      region,
    };
  }
  if (f.object && (f.object.kind || f.object.name)) {
    const name = f.object.name ?? '';
    const fqn = [f.object.kind, f.object.namespace, f.object.name].filter((s) => s).join('/');
    out.logicalLocations = [{ name: name || fqn, fullyQualifiedName: fqn, kind: 'resource' }];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Stable over line moves: rule, file, object and JSON pointer (not the message, not the line). */
function fingerprint(f: Finding): string {
  const parts = [
    f.ruleId,
    f.location?.file ?? '',
    f.object?.kind ?? '',
    f.object?.namespace ?? '',
    f.object?.name ?? '',
    f.path ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
