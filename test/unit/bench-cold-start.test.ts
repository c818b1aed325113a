import { describe, expect, it } from 'vitest';
import { type ColdStartRow, formatColdStart } from '../../bench/cold-start.js';

/** A function's row: 100 ms of SDK floor, 140 ms of house floor, and its own load. */
const row = (id: string, loadMs: number, rounds = 7): ColdStartRow => ({
  id,
  bytes: 600 * 1024,
  loadMs,
  floorBytes: 400 * 1024,
  floorMs: 100,
  houseFloorBytes: 500 * 1024,
  houseFloorMs: 140,
  sdkRatio: loadMs / 100,
  houseRatio: loadMs / 140,
  additions: [{ name: 'aws-xray-sdk-core', bytes: 68 * 1024 }],
  rounds,
});

describe('formatColdStart', () => {
  it('judges each function against its house floor, whatever its SDK floor ratio', () => {
    // Prepare: 168 ms is 1.68× the SDK floor but 1.20× the house floor
    const result = { rows: [row('getRequest', 168)], runs: 7, node: 'v22.23.3' };

    // Act
    const report = formatColdStart(result);

    // Assess
    expect(report.goals).toEqual([
      { name: 'cold start against the house floor', goal: '≤ 1.25× for every function', measured: '1 of 1 functions (1.20×–1.20×, median 1.20×)', met: true },
    ]);
    expect(report.text).toMatch(/getRequest \|\s+600 \|\s+168\.0 \|\s+100\.0 \|\s+1\.68× \|\s+140\.0 \|\s+40\.0 \|\s+1\.20× \| PASS \| aws-xray-sdk-core 68/);
    expect(report.text).toContain('Against the SDK floor alone 0 of 1 functions are within 1.25×');
  });

  it('misses the goal when one function loads more than 1.25× its house floor', () => {
    // Prepare: 182 ms is 1.30× the house floor
    const result = { rows: [row('getRequest', 168), row('createRequest', 182)], runs: 7, node: 'v22.23.3' };

    // Act
    const report = formatColdStart(result);

    // Assess
    expect(report.goals.map((goal) => [goal.measured, goal.met])).toEqual([['1 of 2 functions (1.20×–1.30×, median 1.25×)', false]]);
    expect(report.text).toMatch(/createRequest .*\|\s+1\.30× \| MISS \|/);
    expect(report.text).toContain('MISS  cold start against the house floor');
  });

  it('marks a function measured again after a miss, saying its figures cover both passes', () => {
    // Prepare: createRequest was over the goal after 7 rounds and measured 7 more
    const result = { rows: [row('getRequest', 168), row('createRequest', 170, 14)], runs: 7, node: 'v22.23.3' };

    // Act
    const report = formatColdStart(result);

    // Assess
    expect(report.text).toMatch(/createRequest \* \|/);
    expect(report.text).not.toMatch(/getRequest \* \|/);
    expect(report.text).toContain('*: over the goal after 7 rounds, so measured again; its figures are the medians of all 14 rounds.');
  });

  it('adds no footnote when every function was measured once', () => {
    // Act
    const report = formatColdStart({ rows: [row('getRequest', 168)], runs: 7, node: 'v22.23.3' });

    // Assess
    expect(report.text).not.toContain('measured again');
  });
});
