/** Prices as exact decimal strings in USD. */
export interface Pricing {
  /** USD per vCPU-hour. */
  cpuCoreHour: string;
  /** USD per GiB-hour of memory. */
  memoryGiBHour: string;
  /** USD per GPU-hour (every resource in gpuResources). */
  gpuHour: string;
  /** Hours in a month (730). */
  hoursPerMonth: string;
  /** Resource names counted as GPUs. */
  gpuResources: string[];
  /** Optional prices for other extended resources: resource name → USD per unit-hour. */
  extendedHour: Record<string, string>;
  /** Where the prices come from (shown in the report). */
  source: string;
}
