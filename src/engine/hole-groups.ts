// How a fill's commits are checked: holes in separate parts of a long document are checked apart, each
// group of holes on its own window (check-window.ts), so a commit re-parses its own function rather than
// everything after it. Holes whose windows overlap form one group; when some group has no completable
// window, the whole document is one group, checked strictly and then plainly.
import { CompletabilityChecker } from '../check/checker';
import { piecesFromRanges } from '../check/document';
import type { EarleyBudget } from '../check/earley';
import type { CommitConstraint } from '../decode/constraint';
import { CheckedCommits, type CheckedCommitStats } from './checked-commits';
import { NO_BLOCK_LAYOUT, type BlockLayout } from './check-document';
import { LiteralCommits } from './literal-commits';
import { surroundingsProblem, windowCandidates, windowInPlace, withoutWindows, type CheckWindow } from './check-window';
import type { LanguageRuntime } from './language';
import { languageLowering } from '../grammar/externals';

/** How many windows wider a single group's window is tried where the surroundings do not parse (one parse each). */
const MAX_WIDEN_STEPS = 3;

/** Quick fills (inline) compute a witness only for checked texts up to this long: its parses are bounded by the text. */
export const QUICK_WITNESS_MAX_CHARS = 20_000;

export interface HoleGroupOptions {
  readonly checkBudget?: EarleyBudget;
  /** Inline: slots left masked in a long checked text stay empty instead of taking the checker's shortest completion. */
  readonly quick?: boolean;
  /** Check the whole document as one group (no windows): the retry after a windowed fill did not parse. */
  readonly whole?: boolean;
  /** Holes inside a docstring or block comment are groups of their own, checked without a parse (default true). */
  readonly literals?: boolean;
}

interface Group {
  /** The document's hole indices in this group, ascending. */
  readonly holes: number[];
  /** A checker over the group's window; a literal's rules for a hole inside one. */
  readonly commits: CheckedCommits | LiteralCommits;
}

/** One CommitConstraint over all holes, dispatching each to its group's checker. */
export class GroupedCommits implements CommitConstraint {
  private readonly groupOf: Int32Array;
  private readonly localIndex: Int32Array;
  /** Check time of window attempts that found no completion. */
  private readonly extraCheckMs: number;

  constructor(
    readonly groups: readonly Group[],
    holeCount: number,
    extraCheckMs = 0,
    /** Some group is checked on a window of the document rather than on all of it. */
    readonly windowed = false,
  ) {
    this.groupOf = new Int32Array(holeCount).fill(-1);
    this.localIndex = new Int32Array(holeCount);
    groups.forEach((g, gi) => g.holes.forEach((h, i) => ((this.groupOf[h] = gi), (this.localIndex[h] = i))));
    if (this.groupOf.includes(-1)) throw new Error('every hole must be in exactly one group');
    this.extraCheckMs = extraCheckMs;
  }

  get holeCount(): number {
    return this.groupOf.length;
  }

  get stats(): CheckedCommitStats {
    const sum: CheckedCommitStats = { checks: 0, rejections: 0, budgetRejections: 0, checkMs: this.extraCheckMs, witnessHoles: 0, suggestions: 0 };
    for (const { commits } of this.groups) {
      for (const key of Object.keys(sum) as Array<keyof CheckedCommitStats>) sum[key] += commits.stats[key];
    }
    return sum;
  }

  tryCommit(hole: number, slot: number, text: string): boolean {
    return this.groups[this.groupOf[hole]].commits.tryCommit(this.localIndex[hole], slot, text);
  }

  tryEnd(hole: number, slot: number): boolean {
    return this.groups[this.groupOf[hole]].commits.tryEnd(this.localIndex[hole], slot);
  }

  tryCommitEnding(hole: number, slot: number, text: string): boolean {
    return this.groups[this.groupOf[hole]].commits.tryCommitEnding(this.localIndex[hole], slot, text);
  }

  suggest(hole: number, slot: number, shortest = false): { readonly text: string } | { readonly end: true } | null {
    return this.groups[this.groupOf[hole]].commits.suggest(this.localIndex[hole], slot, shortest);
  }

  /**
   * `fills` with the holes in `which` given the shortest completion that the other fills leave, each
   * group asking its own text (a window, not the document); null where a group finds none or one of
   * them is a literal's (the caller then asks the whole document). Not checked with tree-sitter.
   * `layout`: document holes that open a block or are one's only statement (Python).
   */
  shortestWith(fills: readonly string[], which: readonly number[], layout: BlockLayout = NO_BLOCK_LAYOUT): string[] | null {
    const out = fills.slice();
    for (const { holes, commits } of this.groups) {
      const local = holes.flatMap((h, i) => (which.includes(h) ? [i] : []));
      if (local.length === 0) continue;
      if (commits instanceof LiteralCommits) return null;
      const localLayout = { headers: local.filter((i) => layout.headers.includes(holes[i])), bodies: local.filter((i) => layout.bodies.includes(holes[i])) };
      const found = commits.shortestWith(holes.map((h) => fills[h]), local, localLayout);
      if (!found) return null;
      local.forEach((i, k) => (out[holes[i]] = found[k]));
    }
    return out;
  }

  finish(): string[] | null {
    const out: string[] = new Array(this.groupOf.length);
    for (const { holes, commits } of this.groups) {
      const texts = commits.finish();
      if (texts === null) return null;
      holes.forEach((h, i) => (out[h] = texts[i]));
    }
    return out;
  }
}

/**
 * Plans the checkers of a fill and runs their first check. constraint null: the holes cannot be filled
 * at all (the plain check of the whole document said so).
 */
export function planHoleGroups(
  runtime: LanguageRuntime,
  source: string,
  holes: ReadonlyArray<readonly [number, number]>,
  slots: readonly number[],
  options: HoleGroupOptions = {},
): { constraint: GroupedCommits | null; failedCheckMs: number } {
  // A hole inside a docstring or block comment needs no parse: its text only has to leave the literal
  // whole. It forms a group of its own, and the other holes are planned as if it were not there (its
  // text cannot change how the code around it reads).
  const literals = options.literals === false ? holes.map(() => null) : runtime.parser.literalsAround(source, holes);
  if (literals.some((l) => l !== null)) {
    const literalGroups: Group[] = holes.flatMap(([from, to], h) => {
      const literal = literals[h];
      return literal ? [{ holes: [h], commits: new LiteralCommits(literal, slots[h], source.slice(Math.max(0, from - 8), from), source.slice(to, to + 8)) }] : [];
    });
    const code = holes.flatMap((_, h) => (literals[h] ? [] : [h]));
    if (code.length === 0) {
      // Nothing else to check, if the document parses as it is; else the grammar decides (below).
      if (runtime.parser.validate(source).valid) return { constraint: new GroupedCommits(literalGroups, holes.length), failedCheckMs: 0 };
    } else {
      const planned = planHoleGroups(runtime, source, code.map((h) => holes[h]), code.map((h) => slots[h]), { ...options, literals: false });
      if (!planned.constraint) return planned;
      const codeGroups = planned.constraint.groups.map((g) => ({ holes: g.holes.map((i) => code[i]), commits: g.commits }));
      const groups = [...codeGroups, ...literalGroups].sort((a, b) => a.holes[0] - b.holes[0]);
      return { constraint: new GroupedCommits(groups, holes.length, planned.failedCheckMs, planned.constraint.windowed), failedCheckMs: planned.failedCheckMs };
    }
  }
  let failedMs = 0;
  /** A group's checker over `text` (a window, the rest, or the document) with its holes at `ranges`; null if not completable. */
  const open = (members: number[], text: string, ranges: Array<[number, number]>, strict: boolean, whole = false, firstColumn = 0): Group | null => {
    const checker = new CompletabilityChecker(runtime.grammar, runtime.lexer, piecesFromRanges(text, ranges), options.checkBudget, {
      fixedTextIntact: strict,
      keywordsShadowWords: strict,
      firstColumn,
    });
    // Quick fills take the shortest completion for what decoding left only where it is cheap to find.
    const witnessForRest = !options.quick || text.length <= QUICK_WITNESS_MAX_CHARS;
    const commits = new CheckedCommits(checker, members.map((h) => slots[h]), runtime.parser, { witnessForRest, witnessMustParse: whole });
    if (commits.initialCheck()) return { holes: members, commits };
    failedMs += commits.stats.checkMs;
    return null;
  };

  // Groups opened for a plan that failed elsewhere: their checks count as spent.
  const discard = (groups: readonly Group[]) => groups.forEach((g) => (failedMs += g.commits.stats.checkMs));
  // Quick fills (inline) plan within their check budget: past it, they give up rather than wait.
  const deadline = options.quick && options.checkBudget ? performance.now() + options.checkBudget.maxMs : Infinity;
  const planned = options.whole ? null : planWindows(runtime, source, holes, open, discard, deadline);
  if (performance.now() > deadline) return { constraint: null, failedCheckMs: failedMs };
  if (planned) return { constraint: new GroupedCommits(planned, holes.length, failedMs, true), failedCheckMs: failedMs };

  const all = holes.map((_, h) => h);
  for (const strict of [true, false]) {
    const group = open(all, source, holes.map(([a, b]) => [a, b] as [number, number]), strict, true);
    if (group) return { constraint: new GroupedCommits([group], holes.length, failedMs), failedCheckMs: failedMs };
  }
  return { constraint: null, failedCheckMs: failedMs };
}

/**
 * Groups of holes with one window each: every hole's deepest window first, overlapping neighbours
 * merged, shallower windows while the document without them does not parse or some window has no
 * completion. Holes with no window (inside a string, say) form one more group: the document with the
 * windows taken out. null: check the whole document.
 */
function planWindows(
  runtime: LanguageRuntime,
  source: string,
  holes: ReadonlyArray<readonly [number, number]>,
  open: (members: number[], text: string, ranges: Array<[number, number]>, strict: boolean, whole?: boolean, firstColumn?: number) => Group | null,
  discard: (groups: readonly Group[]) => void,
  deadline: number,
): Group[] | null {
  const parser = runtime.parser;
  const columnsCompared = languageLowering(runtime.grammar.language)?.statementColumns !== undefined;
  const regionOf = (g: readonly number[]): [number, number] => [holes[g[0]][0], holes[g[g.length - 1]][1]];
  const single = windowCandidates(parser, source, holes);
  const damage = parser.problemSpans(source);
  const rest = holes.map((_, h) => h).filter((h) => single[h].length === 0);
  let groups: number[][] = holes.map((_, h) => [h]).filter(([h]) => single[h].length > 0);
  let candidates = single.filter((c) => c.length > 0);
  if (groups.length === 0) return null;
  // Each group widens on its own, only when its window is what failed: a hole at the top of a file
  // need not take in the function holding the other holes because their windows had to grow (in
  // lockstep, its window took in the next constructs too and merged everything into one large group).
  let depth = groups.map(() => 0);
  // Rounds ask about the same sets of windows again and again (each a parse of the whole document).
  const surroundingsSeen = new Map<string, number | null>();
  const surroundings = (windows: readonly CheckWindow[]): number | null => {
    const key = windows.map((w) => `${w.start}:${w.end}`).join(',');
    let problem = surroundingsSeen.get(key);
    if (problem === undefined) surroundingsSeen.set(key, (problem = surroundingsProblem(parser, source, windows)));
    return problem;
  };
  /** Widens group `g`'s window; false when it has no wider one. */
  const widen = (g: number) => ++depth[g] < candidates[g].length;
  const widenAll = () => groups.map((_, g) => widen(g)).some(Boolean);
  for (let round = 0; performance.now() <= deadline; round++) {
    if (round > 0 && depth.every((d, g) => d >= candidates[g].length)) return null;
    const pick = (c: CheckWindow[], g: number) => c[Math.min(depth[g], c.length - 1)];
    let chosen = candidates.map(pick);
    for (let i = 1; i < groups.length; ) {
      // A window whose context (its top-level construct) begins where the window before it and its rest
      // end, with nothing but blank space or text tree-sitter could not place between them, and is
      // damaged, is one group with it too: nothing sound separates what their holes may hold (a
      // statement cut over two lines leaves its first line's hole a window of its own, and the rest a
      // broken construct that only a hole opening the statement again can complete).
      const contextStart = Math.min(chosen[i].start, chosen[i].contextStart);
      const restEnd = Math.max(chosen[i - 1].end, chosen[i - 1].restEnd);
      const joined = contextStart >= restEnd && onlyBlankOrDamaged(source, restEnd, contextStart, damage) && damage.some(([a, b]) => a < chosen[i].end && b > restEnd);
      if (chosen[i].start >= chosen[i - 1].end && !joined) {
        i++;
        continue;
      }
      // Overlapping or joined windows: one group, with the windows of both holes' region.
      const merged = [...groups[i - 1], ...groups[i]];
      const [mergedCandidates] = windowCandidates(parser, source, [regionOf(merged)]);
      if (mergedCandidates.length === 0) return null;
      groups = [...groups.slice(0, i - 1), merged, ...groups.slice(i + 1)];
      candidates = [...candidates.slice(0, i - 1), mergedCandidates, ...candidates.slice(i + 1)];
      // The merged group starts from the smallest window holding both that is no smaller than theirs.
      const atLeast = Math.max(chosen[i - 1].end - chosen[i - 1].start, chosen[i].end - chosen[i].start);
      const from = mergedCandidates.findIndex((w) => w.end - w.start >= atLeast);
      depth = [...depth.slice(0, i - 1), from < 0 ? mergedCandidates.length - 1 : from, ...depth.slice(i + 1)];
      chosen = candidates.map(pick);
      i = 1;
    }
    // A window holding a hole of the rest would split it: none may.
    const splitting = chosen.flatMap((w, g) => (rest.some((h) => holes[h][1] > w.start && holes[h][0] < w.end) ? [g] : []));
    if (splitting.length > 0) {
      if (!splitting.map(widen).some(Boolean) && !widenAll()) return null;
      continue;
    }
    // Where the holes broke the document, the damage must lie in the windows: a window whose
    // surroundings parse only by reading the rest differently (the lines of a class whose header was
    // taken out, read as calls and blocks) does not stand for what the rest needs from it. The group
    // nearest to damage outside every window widens.
    const uncovered = damage.filter(([a, b]) => !chosen.some(({ start, end }) => start <= a && b <= end));
    if (uncovered.length > 0) {
      const nearest = new Set(uncovered.map(([a, b]) => nearestGroup(groups.map(regionOf), a, b)));
      if (![...nearest].map(widen).some(Boolean) && !widenAll()) return null;
      continue;
    }
    // Where columns matter, a window may not end above lines deeper than its last one: they are that
    // line's block (a cut header's body, which tree-sitter reads as more of the block above, so the
    // surroundings parse), and a window checked without them would let its fill be no header at all.
    // Nor may it start with a hole's line indented deeper than its constructs' column: that line
    // continues the block of the construct before the window (a function's last statement, cut: the
    // blank line is no part of the function to tree-sitter, so the window was a top-level one, where
    // only an empty fill or a statement in column 0 could go).
    const hanging = columnsCompared
      ? chosen.findIndex((w, g) => deeperLineFollows(source, w.start, w.end, groups[g].map((h) => holes[h][0])) || opensIndented(source, w, groups[g].map((h) => holes[h][0])))
      : -1;
    if (hanging >= 0) {
      if (!widen(hanging) && !widenAll()) return null;
      continue;
    }
    const problem = rest.length === 0 ? surroundings(chosen) : null;
    if (problem !== null) {
      // The group whose window, a few steps wider alone, lets the surroundings parse widens that far
      // (the nearest such step first); else the group nearest to where they fail (a header cut out of
      // a block that no window holds yet: Python's unexpected indent is no tree-sitter error, so it is
      // not among the damage); else all.
      let widened = false;
      for (let step = 1; step <= MAX_WIDEN_STEPS && !widened; step++) {
        const alone = groups.findIndex((_, g) => depth[g] + step < candidates[g].length && surroundings(chosen.map((w, k) => (k === g ? candidates[g][depth[g] + step] : w))) === null);
        if (alone < 0) continue;
        depth[alone] += step;
        widened = true;
      }
      if (!widened) widened = widen(nearestGroup(groups.map(regionOf), problem, problem));
      if (!widened && !widenAll()) return null;
      continue;
    }
    const opened: Group[] = [];
    for (let g = 0; g < groups.length; g++) {
      const window = chosen[g];
      // With no rest, a window is checked in its place (the text before it, then its closers); the
      // rest's holes would be plain text there, so with a rest a window is checked as a file of its own.
      let placed = rest.length === 0 ? windowInPlace(parser, source, window, chosen.filter((_, k) => k !== g)) : null;
      // Where its context does not parse without it (Python: a block whose whole body is the window) the
      // window's place is the whole document; where the grammar lines statements up by column, the
      // window alone, as a file of its own in its column, is the smaller check (a header hole inside a
      // long function: 400 characters instead of the 6,000-character file).
      let column = window.column;
      if (placed && !placed.closed && columnsCompared) {
        // Its column is its first line's, the indentation a hole there is filled at (the window's first
        // construct may be a deeper block that the hole's fill must open).
        column = firstLineColumn(source, window, groups[g].map((h) => holes[h][0]));
        if (column >= 0) placed = null;
      }
      const text = placed ? placed.text : source.slice(window.start, window.end);
      const offset = placed ? placed.offset : (o: number) => o - window.start;
      const group = open(groups[g], text, groups[g].map((h) => [offset(holes[h][0]), offset(holes[h][1])] as [number, number]), true, false, placed ? 0 : column);
      if (!group) break;
      opened.push(group);
    }
    if (opened.length < groups.length) {
      discard(opened);
      // The first group without a completion widens (the ones before it were fine).
      if (!widen(opened.length) && !widenAll()) return null;
      continue;
    }
    if (rest.length > 0) {
      // The rest is checked as the document without the windows (its completability is also the test
      // that taking the windows out leaves a document that can still be valid).
      const { text, offsetOf } = withoutWindows(source, chosen);
      const group = open(rest, text, rest.map((h) => [offsetOf(holes[h][0]), offsetOf(holes[h][1])] as [number, number]), true);
      if (!group) {
        discard(opened);
        if (!widenAll()) return null;
        continue;
      }
      opened.push(group);
    }
    return opened;
  }
  return null;
}

/**
 * The indentation of the window's first line with code or a hole (a tab to the next multiple of 8, as
 * tree-sitter-python's scanner counts), or -1 where the window does not start a line.
 */
function firstLineColumn(source: string, window: { readonly start: number; readonly end: number }, holeStarts: readonly number[]): number {
  if (window.start > 0 && source[window.start - 1] !== '\n') return -1;
  for (let at = window.start; at < window.end; ) {
    const eol = source.indexOf('\n', at) < 0 ? source.length : source.indexOf('\n', at);
    let column = 0;
    let i = at;
    for (; i < eol && (source[i] === ' ' || source[i] === '\t'); i++) column = source[i] === '\t' ? (Math.floor(column / 8) + 1) * 8 : column + 1;
    if (i < eol || holeStarts.some((h) => h >= at && h <= eol)) return column;
    at = eol + 1;
  }
  return -1;
}

/** Index of the region nearest to [a, b) (overlapping: distance 0). */
function nearestGroup(regions: ReadonlyArray<readonly [number, number]>, a: number, b: number): number {
  let best = 0;
  let bestDistance = Infinity;
  regions.forEach(([from, to], g) => {
    const distance = Math.max(0, from - b, a - to);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = g;
    }
  });
  return best;
}

/**
 * Whether the first line after [start, end) with code on it is indented deeper than the last such line
 * in [start, end): blank lines and `#` comments are skipped (Python's: only languages that compare
 * columns ask), a line with a hole in it (cut after its indentation) is code, and a line the window
 * ends inside counts as its last.
 */
export function deeperLineFollows(source: string, start: number, end: number, holeStarts: readonly number[]): boolean {
  const lineStartOf = (offset: number) => (offset > 0 ? source.lastIndexOf('\n', offset - 1) + 1 : 0);
  const indentAt = (from: number): number => {
    const to = source.indexOf('\n', from) < 0 ? source.length : source.indexOf('\n', from);
    const line = source.slice(from, to);
    const hasHole = holeStarts.some((h) => h >= from && h <= to);
    if (!hasHole && (line.trim() === '' || line.trimStart().startsWith('#'))) return -1;
    return line.length - line.trimStart().length;
  };
  let last = -1;
  for (let at = lineStartOf(Math.max(start, end - 1)); last < 0 && at >= start; at = lineStartOf(at - 1)) {
    last = indentAt(at);
    if (at === 0) break;
  }
  if (last < 0) return false;
  // The first line that starts at or after `end` (the rest of a line the window ends inside is its last line's).
  let at = end === lineStartOf(end) ? end : source.indexOf('\n', end) + 1;
  while (at > 0 && at < source.length) {
    const indent = indentAt(at);
    if (indent >= 0) return indent > last;
    const next = source.indexOf('\n', at);
    if (next < 0) break;
    at = next + 1;
  }
  return false;
}

/**
 * Whether every non-blank character of source[from, to) lies in one of the `damage` spans, or the text
 * is on one line and damage touches it (a word read as a statement with a MISSING `;`: `} else` left
 * by a cut `if (...) {`).
 */
function onlyBlankOrDamaged(source: string, from: number, to: number, damage: ReadonlyArray<readonly [number, number]>): boolean {
  if (!source.slice(from, to).trim().includes('\n') && damage.some(([a, b]) => a <= to && b >= from)) return true;
  for (let i = from; i < to; i++) {
    if (/\s/.test(source[i])) continue;
    if (!damage.some(([a, b]) => a <= i && i < b)) return false;
  }
  return true;
}

/**
 * Whether window `w`'s first line with code on it is a hole's line indented deeper than the window's
 * column (its constructs' column; unknown: false).
 */
export function opensIndented(source: string, w: CheckWindow, holeStarts: readonly number[]): boolean {
  if (w.column < 0) return false;
  for (let at = w.start; at < w.end; ) {
    const to = source.indexOf('\n', at) < 0 ? source.length : source.indexOf('\n', at);
    const line = source.slice(at, to);
    const hole = holeStarts.some((h) => h >= at && h <= to);
    if (hole || (line.trim() !== '' && !line.trimStart().startsWith('#'))) return hole && line.length - line.trimStart().length > w.column;
    at = to + 1;
  }
  return false;
}

