// Fills the holes of a document: checker → constrained diffusion decoding → tree-sitter validation.
// Shared by the CLI, the editor's Fill Holes command and inline completions.
import { CompletabilityChecker } from '../check/checker';
import { piecesFromRanges, text as textPiece } from '../check/document';
import { DEFAULT_BUDGET, type EarleyBudget } from '../check/earley';
import { holeSlotBudget } from '../decode/budget';
import { SingleLineCommits, UnconstrainedCommits, type CommitConstraint } from '../decode/constraint';
import { decodeHoles, startFirstPass, type DecodeProgress, type FirstPass, type SamplerOptions, type StopReason } from '../decode/sampler';
import type { DenoiserModel, TokenVocabulary } from '../decode/types';
import { planHoleGroups, type GroupedCommits } from './hole-groups';
import { checkDocument, FILL_LEXING, NO_BLOCK_LAYOUT, shortestValidFill, type DocumentCheckReport } from './check-document';
import { holesBefore, withHolesOpen, withShortestFills } from './repair';
import type { LanguageRuntime } from './language';

export interface FillRequest {
  readonly runtime: LanguageRuntime;
  readonly model: DenoiserModel;
  readonly vocab: TokenVocabulary;
  /** The document; each hole range [start, end) is replaced by the fill (a selection, or an empty cursor/marker range). */
  readonly source: string;
  readonly holes: ReadonlyArray<readonly [number, number]>;
  /** Mask slots per hole; 0 or absent: sized from each hole's context. */
  readonly holeTokens?: number;
  /**
   * Mask slots of each hole, overriding holeTokens. A hole with 0 is not decoded: the checks keep it open
   * and its fill is the checker's shortest completion (fillHoles uses it to decode holes in batches).
   */
  readonly holeSlots?: readonly number[];
  readonly unconstrained?: boolean;
  readonly sampler?: SamplerOptions;
  readonly checkBudget?: EarleyBudget;
  /**
   * Inline completions: no fallback to the whole document's shortest completion and no diagnosis (each
   * is another parse of the whole file), and slots left masked take the checker's shortest completion
   * only where the checked text is short; when that does not end in a valid text, report valid: false.
   */
  readonly quick?: boolean;
}

export interface FillReport {
  /** The document with every hole filled (the input unchanged when there is no valid fill). */
  readonly output: string;
  /** tree-sitter accepts `output` (no ERROR or MISSING node). */
  readonly valid: boolean;
  /** false when the input cannot be completed at all (then `diagnosis` says where). */
  readonly completable: boolean;
  readonly holes: string[];
  readonly language: string;
  readonly ms: number;
  readonly modelMs: number;
  readonly checkMs: number;
  /** Planning the checks (windows, groups, their first checks); part of checkMs is spent here. */
  readonly planMs: number;
  /** tree-sitter validation of the filled text, the grammar's verdict on it and the fallback witness. */
  readonly validateMs: number;
  readonly forwardPasses: number;
  /** Forward passes started ahead of a step's checks and not used (the commits left other ids). */
  readonly speculationMisses: number;
  readonly checks: number;
  readonly rejections: number;
  /** Commits the checker suggested where the model's proposals kept being refused. */
  readonly suggestedCommits: number;
  readonly witnessHoles: number;
  /** Holes ended with what closes their text where the grammar refused the model's end (`f(a` + `)`). */
  readonly closedEnds: number;
  readonly stopReason: StopReason | 'not-completable';
  readonly maskSlots: number;
  /** The fill checked on windows did not parse in the whole document and was decoded again with whole-document checks. */
  readonly refilledWhole: boolean;
  /** Of a refill: the holes decoded again one at a time (the others kept); all of them when none sufficed. */
  readonly redecodedHoles: number[];
  readonly diagnosis: DocumentCheckReport | null;
}

/** Checker-written text a hole may get beyond the model's own before it takes the shortest completion instead. */
const MIN_GLUE_CHARS = 4;

/** Holes (nearest before the first problem first) that an invalid fill tries to repair one at a time. */
const MAX_REPAIRED_HOLES = 2;

/** Holes that a fill the document rejects decodes again one at a time (those that leave a completable document) before all. */
const MAX_REDECODED_HOLES = 2;

/** Whether `offset` is inside a line comment; parses only where the line before it has a comment's `#` or `/`. */
function inLineComment(runtime: LanguageRuntime, source: string, offset: number): boolean {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /[#/]/.test(source.slice(lineStart, offset)) && runtime.parser.insideLineComment(source, offset);
}

/**
 * Where the grammar (with a fill's restrictions) stops accepting `text` as it is: the end of the longest
 * prefix it can still complete. null where it accepts the text or the check ran out of budget.
 */
function grammarFailure(runtime: LanguageRuntime, text: string, budget?: EarleyBudget): number | null {
  const result = new CompletabilityChecker(runtime.grammar, runtime.lexer, [textPiece(text, 0)], budget, FILL_LEXING).check();
  return result.completable === false ? (result.error?.offset ?? text.length) : null;
}

export async function fillHoles(req: FillRequest, onProgress?: (p: DecodeProgress) => void): Promise<FillReport> {
  // Holes that touch (no text between them: `<|hole|><|hole|>`, adjacent selections) are one hole, as
  // the check reads them: the first takes the fill, the others stay empty.
  const starts = req.holes.map(([s], h) => h === 0 || s !== req.holes[h - 1][1]);
  if (starts.includes(false)) {
    const joined: Array<[number, number]> = [];
    const ownerOf: number[] = [];
    req.holes.forEach(([s, e], h) => {
      if (starts[h]) joined.push([s, e]);
      else joined[joined.length - 1][1] = e;
      ownerOf.push(joined.length - 1);
    });
    const report = await fillHolesInBatches({ ...req, holes: joined }, onProgress);
    const firstOf = joined.map((_, j) => ownerOf.indexOf(j));
    return {
      ...report,
      holes: req.holes.map((_, h) => (starts[h] ? (report.holes[ownerOf[h]] ?? '') : '')),
      redecodedHoles: report.redecodedHoles.map((j) => firstOf[j]),
    };
  }
  return fillHolesInBatches(req, onProgress);
}

/** Fewest context tokens the model's window keeps beside the holes' mask slots before the holes are decoded in batches. */
const MIN_CONTEXT_TOKENS = 64;

/**
 * fillHoles for holes with text between each two. Where their mask slots leave the model's window too
 * little context (10 line holes of 32 tokens in the embedded model's 256), they are decoded in batches of
 * consecutive holes of at most half the window, in document order: each batch with the holes after it
 * open in the checks (0 slots) and the earlier batches' fills as fixed text.
 */
async function fillHolesInBatches(req: FillRequest, onProgress?: (p: DecodeProgress) => void): Promise<FillReport> {
  const window = req.model.maxLength - (req.model.prefixTokenIds?.length ?? 0);
  const slots = req.holeSlots?.slice() ?? req.holes.map(([s, e]) => holeSlotBudget(req.source, s, e, req.vocab, req.holeTokens ?? 0));
  if (req.unconstrained || slots.reduce((a, b) => a + b, 0) + MIN_CONTEXT_TOKENS <= window) return fillHolesApart({ ...req, holeSlots: slots }, onProgress);
  const batches: number[][] = [];
  let used = Infinity;
  slots.forEach((k, h) => {
    if (used + k > window / 2) {
      batches.push([]);
      used = 0;
    }
    batches[batches.length - 1].push(h);
    used += k;
  });
  const t0 = performance.now();
  const fills = req.holes.map(() => '');
  let source = req.source;
  // The holes still open, as ranges of `source`, and which request hole each is.
  let open = req.holes.map(([s, e]) => [s, e] as [number, number]);
  let openHoles = req.holes.map((_, h) => h);
  const reports: FillReport[] = [];
  const redecodedHoles: number[] = [];
  let last: FillReport | null = null;
  for (const batch of batches) {
    const report = await fillHolesApart({ ...req, source, holes: open, holeSlots: openHoles.map((h) => (batch.includes(h) ? slots[h] : 0)) }, onProgress);
    reports.push(report);
    redecodedHoles.push(...report.redecodedHoles.map((i) => openHoles[i]).filter((h) => batch.includes(h)));
    if (!report.valid) break;
    last = report;
    // Keep this batch's fills; the holes after it open again (their shortest completions dropped).
    let next = '';
    let at = 0;
    const nextOpen: Array<[number, number]> = [];
    const nextHoles: number[] = [];
    open.forEach(([s, e], i) => {
      next += source.slice(at, s);
      at = e;
      const h = openHoles[i];
      if (batch.includes(h)) {
        fills[h] = report.holes[i];
        next += report.holes[i];
      } else {
        nextOpen.push([next.length, next.length]);
        nextHoles.push(h);
        fills[h] = report.holes[i]; // kept should a later batch find no valid fill
      }
    });
    source = next + source.slice(at);
    open = nextOpen;
    openHoles = nextHoles;
  }
  const final = reports[reports.length - 1];
  const sum = (of: (r: FillReport) => number) => reports.reduce((total, r) => total + of(r), 0);
  // A batch with no valid fill: the last valid one's text (its shortest completions in the holes after it).
  const valid = last !== null;
  const output = last === final ? final.output : last !== null ? last.output : req.source;
  return {
    ...final,
    output,
    valid,
    completable: valid || final.completable,
    diagnosis: valid ? null : final.diagnosis,
    holes: valid ? fills : req.holes.map(() => ''),
    ms: performance.now() - t0,
    modelMs: sum((r) => r.modelMs),
    checkMs: sum((r) => r.checkMs),
    planMs: sum((r) => r.planMs),
    validateMs: sum((r) => r.validateMs),
    forwardPasses: sum((r) => r.forwardPasses),
    speculationMisses: sum((r) => r.speculationMisses),
    checks: sum((r) => r.checks),
    rejections: sum((r) => r.rejections),
    suggestedCommits: sum((r) => r.suggestedCommits),
    witnessHoles: sum((r) => r.witnessHoles),
    closedEnds: sum((r) => r.closedEnds),
    maskSlots: slots.reduce((a, b) => a + b, 0),
    refilledWhole: reports.some((r) => r.refilledWhole),
    redecodedHoles,
  };
}

/** fillHoles for holes with text between each two, decoded together. */
async function fillHolesApart(req: FillRequest, onProgress?: (p: DecodeProgress) => void): Promise<FillReport> {
  const t0 = performance.now();
  const { runtime, source, holes } = req;
  const slots = req.holeSlots?.slice() ?? holes.map(([s, e]) => holeSlotBudget(source, s, e, req.vocab, req.holeTokens ?? 0));
  const fixedTexts: string[] = [];
  let at = 0;
  for (const [s, e] of holes) {
    fixedTexts.push(source.slice(at, s));
    at = e;
  }
  fixedTexts.push(source.slice(at));

  // A quick fill's checks end with its time: a check begun near the end would otherwise run on for its
  // own maxMs after the fill's budget is spent.
  const timeBudget = req.sampler?.timeBudgetMs;
  const checkBudget: EarleyBudget | undefined = req.quick && timeBudget !== undefined ? { ...(req.checkBudget ?? DEFAULT_BUDGET), deadline: Date.now() + timeBudget } : req.checkBudget;
  let constraint: CommitConstraint;
  const spent = { planMs: 0, validateMs: 0 };
  /** Runs `work`, adding its wall time to `spent[into]`. */
  const timed = <T>(into: keyof typeof spent, work: () => T): T => {
    const start = performance.now();
    try {
      return work();
    } finally {
      spent[into] += performance.now() - start;
    }
  };
  let checked: GroupedCommits | null = null;
  // The first forward pass needs only the masked text: the model computes it while the checks are planned.
  let firstPass: FirstPass | null = null;
  if (req.unconstrained) {
    constraint = new UnconstrainedCommits(slots);
  } else if (req.quick && holes.length === 1 && holes[0][0] === holes[0][1] && inLineComment(runtime, source, holes[0][0])) {
    // An inline completion inside a line comment: text without a line break keeps the comment, whatever
    // the file around it (planning a window in a 40 KB dictionary literal ran out the inline budget).
    constraint = new SingleLineCommits(slots);
  } else {
    // Fills keep the fixed text's tokens (no string or comment begun in a hole swallows fixed code),
    // lex keywords as tree-sitter does, and check holes in separate parts of a long document apart
    // (hole-groups.ts); when that leaves no completion, the plain check of the whole document decides.
    firstPass = startFirstPass(req.model, req.vocab, { fixedTexts, holeSlots: slots });
    const plan = timed('planMs', () => planHoleGroups(runtime, source, holes, slots, { checkBudget, quick: req.quick }));
    checked = plan.constraint;
    if (!checked) {
      const diagnosis = req.quick ? null : checkDocument(runtime, source, piecesFromRanges(source, holes), holes.length, checkBudget);
      return {
        output: source,
        valid: false,
        completable: false,
        holes: holes.map(() => ''),
        language: runtime.id,
        ms: performance.now() - t0,
        modelMs: 0,
        checkMs: plan.failedCheckMs,
        ...spent,
        forwardPasses: 0,
        speculationMisses: 0,
        checks: 0,
        rejections: 0,
        suggestedCommits: 0,
        witnessHoles: 0,
        closedEnds: 0,
        stopReason: 'not-completable',
        maskSlots: slots.reduce((a, b) => a + b, 0),
        refilledWhole: false,
        redecodedHoles: [],
        diagnosis,
      };
    }
    constraint = checked;
  }
  // A quick fill's time budget covers its planning too: decoding gets what planning left of it.
  const timeBudgetMs = req.quick && timeBudget !== undefined ? Math.max(1, timeBudget - (performance.now() - t0)) : timeBudget;
  const join = (parts: readonly string[]) => fixedTexts.map((f, i) => f + (i < parts.length ? parts[i] : '')).join('');
  /** One decode under `c` (`checkedBy`: the same constraint when the checker's, for its stats), its text and whether tree-sitter accepts it. */
  const decode = async (c: CommitConstraint, checkedBy: GroupedCommits | null) => {
    const first = firstPass;
    firstPass = null; // the first decode's only
    const result = await decodeHoles(req.model, req.vocab, { fixedTexts, holeSlots: slots }, c, { ...req.sampler, timeBudgetMs, onProgress: onProgress ?? req.sampler?.onProgress }, first);
    const fills = result.holes ?? holes.map(() => '');
    const output = join(fills);
    const verdict = result.holes === null ? null : timed('validateMs', () => runtime.parser.validate(output));
    const valid = verdict?.valid ?? false;
    // A layout the language rejects and its grammar does not describe (Python's indentation).
    const layoutProblem = verdict?.firstProblem?.kind === 'layout';
    return { result, checkedBy, fills, output, valid, layoutProblem, problemOffset: verdict?.firstProblem?.offset ?? null };
  };
  type Run = Awaited<ReturnType<typeof decode>>;
  /**
   * `run` with hole `h` decoded again under whole-document checks, the other holes kept as decoded;
   * null where the document with only that hole open is not completable or the decode found nothing.
   */
  const redecodeHole = async (run: Run, h: number): Promise<Run | null> => {
    const prefix = fixedTexts.slice(0, h + 1).map((f, i) => f + (i < h ? run.fills[i] : '')).join('');
    const suffix = fixedTexts.slice(h + 1).map((f, i) => f + (h + 1 + i < run.fills.length ? run.fills[h + 1 + i] : '')).join('');
    const spec = { fixedTexts: [prefix, suffix], holeSlots: [slots[h]] };
    const firstOfHole = startFirstPass(req.model, req.vocab, spec);
    const plan = timed('planMs', () => planHoleGroups(runtime, prefix + suffix, [[prefix.length, prefix.length]], [slots[h]], { checkBudget, whole: true }));
    if (!plan.constraint) return null;
    const result = await decodeHoles(req.model, req.vocab, spec, plan.constraint, { ...req.sampler, timeBudgetMs, onProgress: onProgress ?? req.sampler?.onProgress }, firstOfHole);
    if (result.holes === null) return null;
    const fills = run.fills.map((f, i) => (i === h ? result.holes![0] : f));
    const output = join(fills);
    const verdict = timed('validateMs', () => runtime.parser.validate(output));
    const witnessed = run.result.witnessed.map((w, i) => (i === h ? result.witnessed[0] : w));
    const merged = {
      ...result,
      holes: fills,
      witnessed,
      witnessHoles: witnessed.filter(Boolean).length,
      committedTexts: run.result.committedTexts.map((t, i) => (i === h ? result.committedTexts[0] : t)),
    };
    return { result: merged, checkedBy: plan.constraint, fills, output, valid: verdict.valid, layoutProblem: verdict.firstProblem?.kind === 'layout', problemOffset: verdict.firstProblem?.offset ?? null };
  };
  /** Of the holes in `which` (the others holding `current`): those that open a block or are one's only statement (Python). */
  const blockLayout = (current: readonly string[], which: readonly number[]) => {
    if (!runtime.blockHeaderHoles && !runtime.blockBodyHoles) return NO_BLOCK_LAYOUT;
    const { text, ranges, open } = withHolesOpen(fixedTexts, current, which);
    const pick = (found: number[] | undefined) => (found ?? []).map((k) => open[k]);
    return { headers: pick(runtime.blockHeaderHoles?.(text, ranges)), bodies: pick(runtime.blockBodyHoles?.(text, ranges)) };
  };
  /** The groups that checked `run`, where they cover every hole (a run that decoded one hole again was checked over a document with the others filled in). */
  const groupsOf = (run: Run) => (run.checkedBy?.holeCount === holes.length ? run.checkedBy : null);
  /**
   * `current` with the holes in `which` given the shortest completion the other fills leave: asked of
   * `groups` first (their windows), then of the whole document; tree-sitter-checked.
   */
  const withShortest = (current: readonly string[], which: readonly number[], groups: GroupedCommits | null = null) =>
    timed('validateMs', () => {
      const fromGroups = groups?.shortestWith(current, which, blockLayout(current, which));
      if (fromGroups && runtime.parser.validate(join(fromGroups)).valid) return fromGroups;
      return withShortestFills(runtime, fixedTexts, current, which, checkBudget);
    });
  /**
   * `run`'s fills with the hole at fault given its shortest completion, the others kept: the holes before
   * `offset`, nearest first (at most MAX_REPAIRED_HOLES tried); null where none gives a text that parses.
   */
  const repairBefore = (run: Run, offset: number): { fills: string[]; hole: number } | null => {
    for (const h of holesBefore(fixedTexts, run.fills, offset).slice(0, MAX_REPAIRED_HOLES)) {
      const repaired = withShortest(run.fills, [h], groupsOf(run));
      if (repaired) return { fills: repaired, hole: h };
    }
    return null;
  };
  const runs = [await decode(constraint, checked)];
  const first = runs[0];
  const redecodedHoles: number[] = [];
  let repairedEarly: { fills: string[]; hole: number } | null = null;
  const failure = !first.valid && checked?.windowed && !req.quick && !first.layoutProblem ? timed('validateMs', () => grammarFailure(runtime, first.output, checkBudget)) : null;
  if (failure !== null) {
    // A window is checked in its place but without the rest of the document, so a fill can suit the
    // window and not what follows it. Where the grammar rejects the filled document (when it accepts
    // it, tree-sitter's stricter reading is what failed, and a whole-document decode would not help),
    // decode again with whole-document checks: first the hole at fault alone, the other holes kept (the
    // nearest before where the grammar stops accepting the text, whose fill taken out leaves a completable
    // document: a hole after that point cannot be at fault; tree-sitter's first problem can lie before
    // every hole, at the start of the function whose `if` a hole's `def` left without its `else`), else
    // every hole. Not for a layout problem: whole-document checks do not see it either (measured: the
    // whole-document decode failed the same way), the witness below does.
    let redone: Run | null = null;
    if (first.result.holes !== null && holes.length > 1) {
      for (const h of holesBefore(fixedTexts, first.fills, failure)) {
        if (redecodedHoles.length === MAX_REDECODED_HOLES) break;
        redone = await redecodeHole(first, h);
        if (redone) {
          runs.push(redone);
          redecodedHoles.push(h);
          if (redone.valid) break;
        }
      }
    }
    // Before decoding every hole again (a second or more), the hole at fault's shortest completion: a
    // whole-document decode of the hole alone found none (its model text left no completion tree-sitter
    // takes), and every hole's decode mostly ends the same way.
    if (!redone?.valid && first.result.holes !== null && holes.length > 1) repairedEarly = repairBefore(first, failure);
    if (!redone?.valid && !repairedEarly) {
      const whole = timed('planMs', () => planHoleGroups(runtime, source, holes, slots, { checkBudget, whole: true }));
      if (whole.constraint) {
        runs.push(await decode(whole.constraint, whole.constraint));
        redecodedHoles.splice(0, redecodedHoles.length, ...holes.keys());
      }
    }
  }
  const last = repairedEarly ? first : runs[runs.length - 1];
  let { fills, output, valid } = last;
  let witnessHoles = last.result.witnessHoles;
  /** Takes `repaired`, repairBefore's answer for `run`, as the fill. */
  const takeRepair = (run: Run, repaired: { fills: string[]; hole: number }) => {
    fills = repaired.fills;
    output = join(fills);
    valid = true;
    witnessHoles = run.result.witnessed.filter((w, i) => w || i === repaired.hole).length;
  };
  if (repairedEarly) takeRepair(first, repairedEarly);
  if (valid && !repairedEarly && !req.unconstrained && !req.quick) {
    // Where the checker had to write more text into a hole than the model did (its tokens ended up in an
    // order that only a long completion joins up: `(star);` became `(star){}}\n{for(;;);`), the hole takes
    // the shortest completion on its own instead, the other holes kept as decoded.
    const glued = holes.flatMap((_, h) => {
      const own = last.result.committedTexts[h]?.length ?? 0;
      return fills[h].length - own > Math.max(MIN_GLUE_CHARS, own) ? [h] : [];
    });
    const unglued = glued.length > 0 ? withShortest(fills, glued, groupsOf(last)) : null;
    if (unglued) {
      fills = unglued;
      output = join(fills);
    }
  }
  // The last decode that finished (a whole-document decode may end without a witness that parses).
  const repairable = [...runs].reverse().find((run) => run.result.holes !== null);
  if (!valid && !req.unconstrained && !req.quick && repairable && holes.length > 1) {
    // Usually one hole's fill is at fault (Python: a fill of comments left a block empty, a second line at
    // a column the chart cannot see). Before giving up every hole's fill, replace the one(s) before the
    // first problem by the shortest completion, nearest first, the other holes kept as decoded.
    const repaired = repairBefore(repairable, repairable.problemOffset ?? repairable.output.length);
    if (repaired) takeRepair(repairable, repaired);
  }
  if (!valid && !req.unconstrained && !req.quick) {
    // The grammar over-approximates tree-sitter, so committed tokens can leave a document that the
    // grammar completes but tree-sitter rejects every completion of. Never hand back an invalid text:
    // fall back to the shortest valid fill of the original holes (tree-sitter-checked).
    timed('validateMs', () => {
      // The groups' windows first (a check each), then the whole document.
      const all = holes.map((_, h) => h);
      const fromGroups = checked?.shortestWith(holes.map(() => ''), all, blockLayout(holes.map(() => ''), all)) ?? null;
      const fallback = fromGroups && runtime.parser.validate(join(fromGroups)).valid ? fromGroups : shortestValidFill(runtime, source, holes, checkBudget);
      if (fallback) {
        fills = fallback;
        output = join(fills);
        valid = runtime.parser.validate(output).valid;
        witnessHoles = holes.length;
      }
    });
  }
  if (valid && !req.unconstrained && !req.quick) {
    // Blank space a fill ends with before a line break of the text after it (`[]` then a line of two
    // spaces) only leaves trailing blanks or blank lines: dropped where the text stays valid.
    const trimmed = fills.map((f, h) => (/^\r?\n/.test(fixedTexts[h + 1] ?? '') ? f.replace(/\s+$/, '') : f));
    if (trimmed.some((f, h) => f !== fills[h])) {
      const trimmedOutput = join(trimmed);
      if (timed('validateMs', () => runtime.parser.validate(trimmedOutput)).valid) {
        fills = trimmed;
        output = trimmedOutput;
      }
    }
  }
  const total = (of: (run: (typeof runs)[number]) => number) => runs.reduce((sum, run) => sum + of(run), 0);
  return {
    output: valid || req.unconstrained ? output : source,
    valid,
    completable: true,
    holes: fills,
    language: runtime.id,
    ms: performance.now() - t0,
    modelMs: total((r) => r.result.modelMs),
    checkMs: total((r) => (r.checkedBy ? r.checkedBy.stats.checkMs : r.result.checkMs)),
    ...spent,
    forwardPasses: total((r) => r.result.forwardPasses),
    speculationMisses: total((r) => r.result.speculationMisses),
    checks: total((r) => (r.checkedBy ? r.checkedBy.stats.checks : r.result.checks)),
    rejections: total((r) => r.result.rejections),
    suggestedCommits: total((r) => r.result.suggestedCommits),
    witnessHoles,
    closedEnds: total((r) => r.result.closedEnds),
    stopReason: last.result.stopReason,
    maskSlots: last.result.maskSlots,
    refilledWhole: runs.length > 1,
    redecodedHoles,
    diagnosis: null,
  };
}
