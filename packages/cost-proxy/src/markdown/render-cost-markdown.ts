/**
 * The sticky PR comment: hidden marker first (so truncation can never remove it), a sentence,
 * totals, per cost center, per workload (flagged rows first), then a footer. Deterministic and
 * always under GitHub's 65,536-character comment limit.
 */
import { compareStrings as cmp } from '@neuroscale/core';
import type { CostDiff, CostFlag, WorkloadDiffJson } from '../diff/diff-types.js';
import { formatUsd, parseMicros } from '../pricing/money.js';
import type { NotCostedJson, PricingJson, TotalsJson } from '../snapshot/snapshot-types.js';
import {
  cell,
  moneyMicros,
  quantityMagnitude,
  replicaText,
  resourceRange,
  signedQuantity,
  usd,
  usdRange,
} from './markdown-cells.js';

export const COST_COMMENT_MARKER = '<!-- neuroscale-cost -->';
/** GitHub rejects comment bodies over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderCostMarkdownOptions {
  /** Upper bound on the body length (default 65,000, below GitHub's 65,536). */
  maxLength?: number;
  /** Heading text. */
  title?: string;
  /** Prices used (the head snapshot's `pricing`), shown in the footer. */
  pricing?: PricingJson;
  /** Objects the head render could not cost (the head snapshot's `notCosted`). */
  notCosted?: NotCostedJson[];
  /** Show unchanged workloads too (default false). */
  showUnchanged?: boolean;
}

function rank(w: WorkloadDiffJson, flagged: Map<string, CostFlag['reason']>): number {
  const f = flagged.get(w.key);
  return f === 'threshold-exceeded' ? 0 : f === 'large-increase' ? 1 : 2;
}

function statusMark(w: WorkloadDiffJson, flagged: Map<string, CostFlag['reason']>): string {
  const f = flagged.get(w.key);
  if (f === 'threshold-exceeded') return '❌';
  if (f === 'large-increase') return '⚠️';
  return { added: '🆕', removed: '🗑️', changed: '✏️', unchanged: '·' }[w.status];
}

function sentence(delta: TotalsJson): string {
  const min = moneyMicros(delta.monthly.min);
  const max = moneyMicros(delta.monthly.max);
  if (min === 0n && max === 0n) return 'Monthly estimate unchanged.';
  const dir = max > 0n || (max === 0n && min > 0n) ? 'increased' : 'decreased';
  const icon = dir === 'increased' ? '📈' : '📉';
  const abs = (v: bigint) => formatUsd(v < 0n ? -v : v);
  const range = min === max ? `**${abs(min)}**` : `**${abs(min)}** at min replicas, **${abs(max)}** at max`;
  return `Monthly estimate ${dir} by ${range} ${icon}`;
}

function totalsRow(label: string, t: TotalsJson, signed = false): string {
  return `| ${label} | ${resourceRange(t.requests, 'cpu', signed)} | ${resourceRange(t.requests, 'memory', signed)} | ${resourceRange(t.requests, 'gpu', signed)} | ${usd(t.monthly.min, signed)} | ${usd(t.monthly.max, signed)} |`;
}

function costCenterRows(diff: CostDiff): string[] {
  const sums = new Map<string, { n: number; bMin: bigint; hMin: bigint; bMax: bigint; hMax: bigint }>();
  for (const w of diff.workloads) {
    const s = sums.get(w.costCenter) ?? { n: 0, bMin: 0n, hMin: 0n, bMax: 0n, hMax: 0n };
    s.n++;
    if (w.base) {
      s.bMin += moneyMicros(w.base.monthly.min);
      s.bMax += moneyMicros(w.base.monthly.max);
    }
    if (w.head) {
      s.hMin += moneyMicros(w.head.monthly.min);
      s.hMax += moneyMicros(w.head.monthly.max);
    }
    sums.set(w.costCenter, s);
  }
  return [...sums.keys()].sort(cmp).map((name) => {
    const s = sums.get(name) as { n: number; bMin: bigint; hMin: bigint; bMax: bigint; hMax: bigint };
    return `| ${cell(name)} | ${s.n} | ${formatUsd(s.bMin)} | ${formatUsd(s.hMin)} | ${formatUsd(s.hMin - s.bMin, { signed: true })} | ${formatUsd(s.hMax - s.bMax, { signed: true })} |`;
  });
}

function workloadRow(w: WorkloadDiffJson, flagged: Map<string, CostFlag['reason']>): string {
  const d = w.delta;
  const replicas = `${replicaText(w.base?.replicas)} → ${replicaText(w.head?.replicas)}`;
  const what = `${w.app ? `${cell(w.app)} · ` : ''}${cell(w.kind)} ${cell(w.namespace)}/${cell(w.name)}`;
  const transient = (w.head ?? w.base)?.category === 'transient' ? ' _(peak)_' : '';
  const perNode = (w.head ?? w.base)?.category === 'daemonset' ? ' _(× nodes)_' : '';
  return `| ${statusMark(w, flagged)} | ${what}${transient}${perNode} | ${cell(w.owner)} | ${cell(w.costCenter)} | ${replicas} | ${resourceRange(d.requests, 'cpu', true)} | ${resourceRange(d.requests, 'memory', true)} | ${resourceRange(d.requests, 'gpu', true)} | ${usd(d.monthly.min, true)} | ${usd(d.monthly.max, true)} |`;
}

function flagLine(f: CostFlag): string {
  const what = f.scope === 'total' ? 'Total' : `\`${cell(f.key ?? '')}\``;
  const measure = f.measure === 'monthly' ? 'monthly estimate' : f.measure;
  const delta = f.measure === 'monthly' ? formatUsd(parseMicros(f.delta), { signed: true }) : `+${f.delta}`;
  const pct = f.percent !== null ? ` (+${f.percent}%)` : '';
  const why =
    f.reason === 'threshold-exceeded' ? ` exceeds the **${cell(f.threshold ?? '')}** threshold` : '';
  return `- ${f.reason === 'threshold-exceeded' ? '❌' : '⚠️'} ${what}: ${measure} at max replicas ${delta}${pct}${why}`;
}

// long: the comment's sections in the order they appear, sharing one length budget; each section is a few lines
export function renderCostMarkdown(diff: CostDiff, options: RenderCostMarkdownOptions = {}): string {
  const maxLength = Math.min(options.maxLength ?? 65_000, GITHUB_COMMENT_LIMIT);
  const flagged = new Map<string, CostFlag['reason']>();
  for (const f of diff.flags) {
    if (f.scope !== 'workload' || f.key === null) continue;
    if (flagged.get(f.key) !== 'threshold-exceeded') flagged.set(f.key, f.reason);
  }

  const head: string[] = [
    COST_COMMENT_MARKER,
    `### 💰 ${options.title ?? 'NeuroScale cost estimate'}`,
    '',
    sentence(diff.delta),
    '',
  ];
  head.push('| | CPU | Memory | GPU | Monthly (min) | Monthly (max) |', '|---|--:|--:|--:|--:|--:|');
  head.push(
    totalsRow('Base', diff.base),
    totalsRow('Head', diff.head),
    totalsRow('**Δ**', diff.delta, true),
    '',
  );
  const ds = diff.head.daemonSets;
  if (ds.workloads > 0 || diff.base.daemonSets.workloads > 0) {
    head.push(
      `DaemonSets (× ${ds.nodes} node${ds.nodes === 1 ? '' : 's'}, included above): head ${resourceRange(ds.requests, 'cpu')} CPU, ${resourceRange(ds.requests, 'memory')} memory, ${usdRange(ds.monthly)}/month; Δ ${usdRange(diff.delta.daemonSets.monthly, true)}.`,
      '',
    );
  }
  const tr = diff.head.transient;
  if (tr.workloads > 0 || diff.base.transient.workloads > 0) {
    head.push(
      `Jobs and CronJobs (peak concurrent, not in the monthly estimate): head ${tr.requests.cpu} CPU, ${tr.requests.memory} memory, ${tr.requests.gpu} GPU; Δ ${signedQuantity(diff.delta.transient.requests.cpu)} CPU, ${signedQuantity(diff.delta.transient.requests.memory)} memory.`,
      '',
    );
  }
  const totalFlags = diff.flags.filter((f) => f.scope === 'total');
  const workloadFlags = diff.flags.filter((f) => f.scope === 'workload');
  const notComparable = diff.findings.filter((f) => f.ruleId === 'cost/not-comparable');
  if (diff.flags.length > 0 || notComparable.length > 0) {
    head.push('#### Flags', '');
    for (const f of [...totalFlags, ...workloadFlags].slice(0, 20)) head.push(flagLine(f));
    if (diff.flags.length > 20) head.push(`- … ${diff.flags.length - 20} more flags in the JSON report`);
    for (const f of notComparable.slice(0, 10)) head.push(`- ⚠️ Not compared: ${cell(f.message)}`);
    if (notComparable.length > 10) head.push(`- … ${notComparable.length - 10} more workloads not compared`);
    head.push('');
  }
  const ccRows = costCenterRows(diff);
  if (ccRows.length > 0) {
    head.push(
      '#### By cost center',
      '',
      '| Cost center | Workloads | Base (min) | Head (min) | Δ (min) | Δ (max) |',
      '|---|--:|--:|--:|--:|--:|',
    );
    head.push(...ccRows.slice(0, 50));
    if (ccRows.length > 50) head.push(`| … ${ccRows.length - 50} more cost centers | | | | | |`);
    head.push('');
  }

  const shown = diff.workloads.filter((w) => options.showUnchanged || w.status !== 'unchanged');
  const hidden = diff.workloads.length - shown.length;
  shown.sort(
    (a, b) =>
      rank(a, flagged) - rank(b, flagged) ||
      (() => {
        const x = moneyMicros(a.delta.monthly.max);
        const y = moneyMicros(b.delta.monthly.max);
        const ax = x < 0n ? -x : x;
        const ay = y < 0n ? -y : y;
        if (ax !== ay) return ax > ay ? -1 : 1;
        const cx = quantityMagnitude(a.delta.requests.max.cpu);
        const cy = quantityMagnitude(b.delta.requests.max.cpu);
        return cx === cy ? 0 : cx > cy ? -1 : 1;
      })() ||
      cmp(a.key, b.key),
  );

  const tail: string[] = [''];
  if (hidden > 0) tail.push(`${hidden} unchanged workload${hidden === 1 ? '' : 's'} not shown.`, '');
  const notCosted = options.notCosted ?? [];
  if (diff.head.notCosted > 0) {
    tail.push(
      `<details><summary>${diff.head.notCosted} object${diff.head.notCosted === 1 ? '' : 's'} not costed</summary>`,
      '',
    );
    for (const n of notCosted.slice(0, 30))
      tail.push(`- ${cell(n.kind)} ${cell(n.namespace)}/${cell(n.name)}: ${cell(n.reason)}`);
    if (notCosted.length > 30) tail.push(`- … ${notCosted.length - 30} more`);
    tail.push('', '</details>', '');
  }
  const p = options.pricing;
  const prices = p
    ? `$${p.cpuCoreHour}/vCPU-h, $${p.memoryGiBHour}/GiB-h, $${p.gpuHour}/GPU-h × ${p.hoursPerMonth} h/month (${cell(p.source)})`
    : 'the configured prices';
  tail.push(
    `<sub>Requested resources (effective pod requests × replicas; HPA and KServe ranges as min – max) priced at ${prices}. A proxy for cost review, not a bill. This comment is updated on every push.</sub>`,
  );

  const out = [...head];
  if (shown.length > 0) {
    out.push(
      `#### Workloads (${shown.length} changed)`,
      '',
      '| | Workload | Owner | Cost center | Replicas | CPU Δ | Memory Δ | GPU Δ | Δ monthly (min) | Δ monthly (max) |',
      '|---|---|---|---|--:|--:|--:|--:|--:|--:|',
    );
  }
  const tailText = tail.join('\n');
  let length = out.join('\n').length + 1 + tailText.length;
  const cutNoteReserve = 80;
  let written = 0;
  for (const w of shown) {
    const row = workloadRow(w, flagged);
    if (length + row.length + 1 + cutNoteReserve > maxLength) break;
    out.push(row);
    length += row.length + 1;
    written++;
  }
  if (written < shown.length) {
    const more = shown.length - written;
    out.push('', `… ${more} more workload${more === 1 ? '' : 's'} not shown (see the JSON report).`);
  }
  let body = `${out.join('\n')}\n${tailText}\n`;
  if (body.length > maxLength)
    body = `${body.slice(0, maxLength - 40)}\n\n… (cut to fit the comment limit)\n`;
  return body;
}
