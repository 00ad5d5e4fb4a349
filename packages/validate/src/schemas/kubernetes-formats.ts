/**
 * The OpenAPI formats Kubernetes schemas use, checked the way the API server decodes them.
 * Formats not listed here (uri, email, hostname…) are not checked: the API server does not check them
 * for built-in kinds, and reporting them would only add noise.
 */
import type { Format } from 'ajv';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// k8s.io/apimachinery/pkg/api/resource: splitREString
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
// encoding/base64 StdEncoding, as encoding/json decodes []byte (CR/LF are ignored)
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3339 as metav1.Time parses it (time.RFC3339)
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Go time.ParseDuration (µs and μs as escapes: the CLI's bundle is all ASCII, its tsup.config.ts says why)
const DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

export const KUBERNETES_FORMATS: Record<string, Format> = {
  int32: {
    type: 'number',
    validate: (n: number) => (Number.isInteger(n) ? n >= INT32_MIN && n <= INT32_MAX : true),
  },
  int64: { type: 'number', validate: () => true },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  quantity: { type: 'string', validate: (s: string) => QUANTITY.test(s) && /[0-9]/.test(s) },
  byte: { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) },
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) },
  date: { type: 'string', validate: (s: string) => DATE.test(s) },
  duration: { type: 'string', validate: (s: string) => DURATION.test(s) },
};

/** What each format means, for messages. */
export const FORMAT_HINTS: Record<string, string> = {
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
  quantity: 'a Kubernetes quantity such as 500m, 2Gi or 1.5',
  byte: 'base64-encoded data',
  'date-time': 'an RFC 3339 timestamp such as 2024-01-31T12:00:00Z',
  date: 'a date such as 2024-01-31',
  duration: 'a Go duration such as 30s or 1h30m',
};
