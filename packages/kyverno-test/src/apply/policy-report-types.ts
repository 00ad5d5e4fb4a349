/** wgpolicyk8s.io/v1alpha2 policy report, as `kyverno apply --policy-report` writes it. */
export type ReportResult = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface ReportResource {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

export interface PolicyReportResult {
  source: 'kyverno';
  policy: string;
  rule: string;
  result: ReportResult;
  resources: ReportResource[];
  message: string;
  scored: boolean;
  /** `policies.kyverno.io/severity` (critical, high, medium, low, info). */
  severity?: string;
  /** `policies.kyverno.io/category`. */
  category?: string;
  properties?: Record<string, string>;
}

export interface PolicyReport {
  apiVersion: 'wgpolicyk8s.io/v1alpha2';
  /** One report for every namespace: ClusterPolicyReport, like `kyverno apply --policy-report`. */
  kind: 'ClusterPolicyReport';
  metadata: { name: string };
  summary: Record<ReportResult, number>;
  results: PolicyReportResult[];
}
