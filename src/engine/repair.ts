// Repairs a filled document hole by hole: the shortest completion in place of one hole's fill, the
// others kept as decoded (rather than every hole's fill given up for the shortest completion).
import type { EarleyBudget } from '../check/earley';
import { shortestValidFill } from './check-document';
import type { LanguageRuntime } from './language';

/**
 * `fills` with the holes in `which` replaced by the shortest completion that the other fills, as they
 * are, leave; null where there is none or tree-sitter rejects the result. `fixedTexts` are the texts
 * around the holes (one more than the holes).
 */
export function withShortestFills(runtime: LanguageRuntime, fixedTexts: readonly string[], fills: readonly string[], which: readonly number[], budget?: EarleyBudget): string[] | null {
  const { text, ranges } = withHolesOpen(fixedTexts, fills, which);
  const shortest = shortestValidFill(runtime, text, ranges, budget);
  if (!shortest) return null;
  const candidate = fills.map((f, h) => (which.includes(h) ? shortest[which.indexOf(h)] : f));
  const joined = fixedTexts.map((f, i) => f + (i < candidate.length ? candidate[i] : '')).join('');
  return runtime.parser.validate(joined).valid ? candidate : null;
}

/**
 * The holes whose fill starts at or before `offset` in the filled text, nearest first: where a problem
 * is found, the fill at fault is almost always one of these (a fill of comments that left the block
 * before the problem empty, a line at a column that makes the next line an unexpected indent).
 */
export function holesBefore(fixedTexts: readonly string[], fills: readonly string[], offset: number): number[] {
  const before: number[] = [];
  let at = 0;
  fills.forEach((fill, h) => {
    at += fixedTexts[h].length;
    if (at <= offset) before.push(h);
    at += fill.length;
  });
  return before.reverse();
}

/**
 * The text of `fixedTexts` with `fills`, the holes in `which` left empty: their ranges there, and their
 * indices in document order (`open[k]` is the hole at `ranges[k]`).
 */
export function withHolesOpen(fixedTexts: readonly string[], fills: readonly string[], which: readonly number[]): { text: string; ranges: Array<[number, number]>; open: number[] } {
  let text = '';
  const ranges: Array<[number, number]> = [];
  const open: number[] = [];
  fixedTexts.forEach((fixed, i) => {
    text += fixed;
    if (i >= fills.length) return;
    if (which.includes(i)) {
      ranges.push([text.length, text.length]);
      open.push(i);
    } else text += fills[i];
  });
  return { text, ranges, open };
}
