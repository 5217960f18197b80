/**
 * How many masked positions a step commits: the three schedules of the diffusion LMs we follow.
 * Pure functions of counts, so each is testable on its own.
 */

/** `even`: LLaDA (equal split per block); `dream`: Dream's timestep schedule; `threshold`: Fast-dLLM. */
export type ScheduleKind = 'even' | 'dream' | 'threshold';

/** LLaDA: `masked` commits spread over `steps` steps as evenly as possible, the larger counts first. */
export function evenSplit(masked: number, steps: number): Int32Array {
  const counts = new Int32Array(Math.max(1, steps));
  const base = Math.floor(masked / counts.length);
  const extra = masked - base * counts.length;
  for (let j = 0; j < counts.length; j++) counts[j] = base + (j < extra ? 1 : 0);
  return counts;
}

/**
 * Dream: at step j of `steps` (timesteps t = 1 - j(1-eps)/steps, s = the next one) commit
 * floor(masked · (1 - s/t)) of the `masked` positions left; the last step commits all of them.
 * Early steps may commit nothing, as in Dream.
 */
export function dreamCount(masked: number, step: number, steps: number, eps: number): number {
  if (step >= steps - 1) return masked;
  const t = 1 - (step * (1 - eps)) / steps;
  const s = 1 - ((step + 1) * (1 - eps)) / steps;
  return Math.min(masked, Math.floor(masked * (1 - s / t)));
}

/** Fast-dLLM: every candidate whose confidence exceeds `threshold`, at least one (if any). */
export function thresholdCount(confidences: Float64Array, count: number, threshold: number): number {
  let above = 0;
  for (let i = 0; i < count; i++) if (confidences[i] > threshold) above++;
  return Math.max(above, count > 0 ? 1 : 0);
}

/**
 * Splits `totalSteps` over blocks of the given sizes (masked positions each) as evenly as possible,
 * each block getting at least one step and no more steps than it has positions.
 */
export function stepsPerBlock(totalSteps: number, blockSizes: readonly number[]): Int32Array {
  if (blockSizes.length === 0) return new Int32Array(0);
  const steps = evenSplit(totalSteps, blockSizes.length);
  for (let b = 0; b < blockSizes.length; b++) steps[b] = Math.max(1, Math.min(steps[b], blockSizes[b]));
  return steps;
}
