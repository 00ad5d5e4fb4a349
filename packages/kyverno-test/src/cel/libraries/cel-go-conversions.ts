/** Standard-library conversions the CEL library lacks: string/int of timestamps and durations, int(uint). */
import { type CelLibrary, type Duration, formatDuration } from '../adapter/index.js';

const TS = 'google.protobuf.Timestamp';
const DUR = 'google.protobuf.Duration';

export const celGoConversions: CelLibrary = {
  name: 'cel-go conversions',
  install(b) {
    b.fn(`string(${TS}): string`, (t: Date) => t.toISOString().replace(/\.000Z$/, 'Z'));
    b.fn(`string(${DUR}): string`, (d: Duration) => {
      const s = d as unknown as { seconds: bigint; nanos: number };
      return `${s.seconds}${s.nanos ? `.${String(s.nanos).padStart(9, '0').replace(/0+$/, '')}` : ''}s`;
    });
    b.fn(`int(${TS}): int`, (t: Date) => BigInt(Math.floor(t.getTime() / 1000)));
    b.fn(`timestamp(${TS}): ${TS}`, (t: Date) => t);
    b.fn(`duration(${DUR}): ${DUR}`, (d: Duration) => d);
    b.fn('int(uint): int', (u: { valueOf(): bigint }) => {
      const v = BigInt(u.valueOf());
      if (v > 2n ** 63n - 1n) throw new Error('integer overflow');
      return v;
    });
    void formatDuration;
  },
};
