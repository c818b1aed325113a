// The suite's order: the files that take longest start first, so on two workers none of them is
// left running alone at the end. Vitest orders by the durations of earlier runs, which a fresh
// clone (CI, a newcomer) does not have; then it goes by file size, and the longest files are small.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, as measured on a 2-core machine; every other file keeps Vitest's order after these. */
const LONGEST = [
  'test/integration/faults.test.ts',
  'test/infra/stack.test.ts',
  'test/browser/subject-pages.browser.test.ts',
  'test/integration/fuzz.test.ts',
  'test/integration/concurrency.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? LONGEST.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
