import { describe, it } from 'vitest';
import {
  REPORT_FILE_EXTENSIONS,
  REPORT_FORMATS,
  writeReport,
  writeStepSummary,
} from '../../src/report/index.js';
import { expectGolden, sampleReport } from './sample-report.js';

describe('golden outputs of the sample report', () => {
  for (const format of REPORT_FORMATS) {
    it(`${format} matches golden/${format}.${REPORT_FILE_EXTENSIONS[format]}`, () => {
      const out = writeReport(format, sampleReport(), {
        color: false,
        blobUrl: 'https://github.com/neuroscale/gitops/blob/0123456789abcdef0123456789abcdef01234567',
        category: 'neuroscale/gitops',
      });
      expectGolden(`${format}.${REPORT_FILE_EXTENSIONS[format]}`, out);
    });
  }

  it('step summary matches golden/step-summary.md', () => {
    const out = writeStepSummary(sampleReport(), {
      blobUrl: 'https://github.com/neuroscale/gitops/blob/0123456789abcdef0123456789abcdef01234567',
    });
    expectGolden('step-summary.md', out);
  });
});
