/**
 * Upstream-derived data: OpenCost's default (on-prem / "custom" provider) list prices.
 *
 * Source: opencost/opencost `configs/default.json` ("Default prices based on GCP us-central1"),
 * unchanged since commit 0542611 (2020), quoted verbatim in opencost/opencost-website
 * `docs/configuration/on-prem.md`. Units follow `pkg/costmodel/costmodel.go`
 * (`nodePrice = defaultCPU*cpu + defaultRAM*ramGB`, ramGB = bytes / 1024^3): USD per vCPU-hour,
 * per GiB-hour, per GPU-hour. A month is 730 hours (opencost `core/pkg/util/timeutil` HoursPerMonth).
 * Kept as decimal strings so prices stay exact.
 */
export const OPENCOST_DEFAULT_PRICES = {
  /** USD per vCPU-hour (`CPU`). */
  CPU: '0.031611',
  /** USD per GiB-hour of RAM (`RAM`). */
  RAM: '0.004237',
  /** USD per GPU-hour (`GPU`). */
  GPU: '0.95',
} as const;

export const OPENCOST_HOURS_PER_MONTH = '730';

/** Resource names counted as GPUs (kubectl-cost v0.4 `pkg/cmd/predict.go`). */
export const DEFAULT_GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'gpu.intel.com/i915'] as const;

/**
 * KServe's default resources for a component's main container when unset: the
 * `inferenceservice-config` ConfigMap key `inferenceService.resource` (kserve/kserve
 * `pkg/apis/serving/v1beta1/inference_service_defaults.go` `setResourceRequirementDefaults`;
 * older releases hard-coded the same `defaultResource` 1 CPU / 2Gi).
 */
export const KSERVE_DEFAULT_RESOURCES = {
  cpuRequest: '1',
  memoryRequest: '2Gi',
  cpuLimit: '1',
  memoryLimit: '2Gi',
} as const;
