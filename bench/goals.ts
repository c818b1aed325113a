// Goals as the bench prints them: each figure beside its target, marked PASS or MISS.

/** One measured figure held to one target. */
export interface GoalResult {
  /** What is measured, e.g. `middleware overhead, GET /v1/requests/{id}`. */
  name: string;
  /** The target in words, e.g. `≤ 1.10×`. */
  goal: string;
  /** The figure measured, e.g. `1.04×`. */
  measured: string;
  met: boolean;
}

/** What a section hands to bench/run.ts: its report and the goals it was held to. */
export interface SectionReport {
  text: string;
  goals: GoalResult[];
}

export function mark(met: boolean): 'PASS' | 'MISS' {
  return met ? 'PASS' : 'MISS';
}

/** `PASS  name: measured (goal …)`, the line every goal is printed as. */
export function goalLine(result: GoalResult): string {
  return `${mark(result.met)}  ${result.name}: ${result.measured} (goal ${result.goal})`;
}

/**
 * A ratio as `1.07×`, with a third decimal where two would round onto `goal` and hide which side of it
 * the ratio is on.
 */
export function formatRatio(ratio: number, goal?: number): string {
  const digits = goal !== undefined && ratio.toFixed(2) === goal.toFixed(2) && ratio !== goal ? 3 : 2;
  return `${ratio.toFixed(digits)}×`;
}
