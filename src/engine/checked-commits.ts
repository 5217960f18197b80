// The checker-backed CommitConstraint: a commit is kept only if the whole document stays completable.
//
// A commit re-parses the document from the commit to its end, so far from the end of a long file every
// check costs a parse of the rest of the file. Most refused tokens are wrong already given the text
// before them, so each hole with enough text after it also gets a prefix view: the document cut after
// the hole, with an open end and the earlier holes as plain gaps. That view contains every completion of
// the whole document, so its "no" is a "no" for the whole document, and it only re-parses the hole
// itself. A commit goes to the prefix view first and reaches the full check only if it passes there.
import { CompletabilityChecker } from '../check/checker';
import { gap, type Piece } from '../check/document';
import type { CommitConstraint } from '../decode/constraint';
import type { TreeSitterParser } from '../grammar/treesitter';
import { SlottedHoles } from './slotted-holes';

export interface CheckedCommitStats {
  checks: number;
  rejections: number;
  /** Rejections decided by a hole's prefix view alone (no full check needed). */
  prefixRejections: number;
  /** Checks that ran out of budget (counted as rejections: a commit is kept only on a proven "yes"). */
  budgetRejections: number;
  checkMs: number;
  /** Holes whose remaining masks were filled by the checker's witness in finish(). */
  witnessHoles: number;
  /** suggest() calls that gave a commit (each costs a check and a witness). */
  suggestions: number;
}

export interface CheckedCommitsOptions {
  /** A hole gets a prefix view when at least this many characters of fixed text follow it (0: always; Infinity: never). */
  readonly prefixViewMinSuffix?: number;
  /**
   * finish() fills slots still masked with the checker's shortest completion (default). false: they stay
   * empty and the caller's validation decides — the witness costs a parse per layout, too slow for inline.
   */
  readonly witnessForRest?: boolean;
  /**
   * The witness must parse with tree-sitter on its own (default). false for a window of a document: a
   * block's statements need not parse as a file; the caller validates the whole filled document.
   */
  readonly witnessMustParse?: boolean;
}

/** The document cut after one hole: its own checker, with that hole as its only slotted hole. */
interface PrefixView {
  readonly checker: CompletabilityChecker;
  readonly holes: SlottedHoles;
}

export class CheckedCommits implements CommitConstraint {
  readonly holes: SlottedHoles;
  readonly stats: CheckedCommitStats = { checks: 0, rejections: 0, prefixRejections: 0, budgetRejections: 0, checkMs: 0, witnessHoles: 0, suggestions: 0 };
  /** Per hole: its prefix view, null where none pays off, undefined until first needed. */
  private readonly prefixViews: (PrefixView | null | undefined)[];
  private readonly prefixViewMinSuffix: number;
  private readonly witnessForRest: boolean;
  private readonly witnessMustParse: boolean;
  /** The pieces as first given (the prefix views are cut from them). */
  private readonly initialPieces: readonly Piece[];

  constructor(
    private readonly checker: CompletabilityChecker,
    private readonly holeSlots: readonly number[],
    private readonly parser: TreeSitterParser,
    options: CheckedCommitsOptions = {},
  ) {
    this.holes = new SlottedHoles(checker, holeSlots);
    this.initialPieces = checker.pieces;
    this.prefixViews = holeSlots.map(() => undefined);
    this.prefixViewMinSuffix = options.prefixViewMinSuffix ?? 256;
    this.witnessForRest = options.witnessForRest ?? true;
    this.witnessMustParse = options.witnessMustParse ?? true;
  }

  /** Characters of fixed text this constraint checks (a window and its surroundings, or the whole document). */
  get checkedChars(): number {
    return this.initialPieces.reduce((sum, p) => sum + (p.kind === 'text' ? p.text.length : 0), 0);
  }

  /** Refusals that cost no full check (the sampler's rejection budget does not count them). */
  get quickRefusals(): number {
    return this.stats.prefixRejections;
  }

  /** Checks the document as it stands (before any commit): can it be completed at all? */
  initialCheck(): boolean {
    return this.verdict();
  }

  tryCommit(hole: number, slot: number, text: string): boolean {
    const view = this.prefixView(hole);
    if (view) {
      view.holes.commit(0, slot, text);
      if (this.prefixVerdict(view) === false) {
        view.holes.undo(0, slot);
        this.stats.rejections++;
        this.stats.prefixRejections++;
        return false;
      }
    }
    this.holes.commit(hole, slot, text);
    if (this.verdict()) {
      view?.checker.clearUndo();
      return true;
    }
    this.holes.undo(hole, slot);
    view?.holes.undo(0, slot);
    return false;
  }

  tryEnd(hole: number, slot: number): boolean {
    this.prefixView(hole); // built before the hole changes, if at all
    this.holes.end(hole, slot);
    if (!this.verdict()) {
      this.holes.undo(hole, slot);
      return false;
    }
    // Ending a hole leaves a prefix view's document as it was (its open end follows the hole anyway);
    // the view only follows along so that its slots stay those of the whole document.
    const view = this.prefixViews[hole];
    if (view) {
      view.holes.end(0, slot);
      view.checker.clearUndo();
    }
    return true;
  }

  tryCommitEnding(hole: number, slot: number, text: string): boolean {
    const view = this.prefixView(hole); // built before the hole changes, if at all
    // Nothing to end where the hole ends right after the slot anyway (its last slot, or an end kept before).
    const endsAt = slot + 1 < this.holes.slotCount(hole) && !this.holes.isEnded(hole, slot + 1) ? slot + 1 : -1;
    this.holes.commit(hole, slot, text);
    if (endsAt >= 0) this.holes.end(hole, endsAt);
    if (!this.verdict()) {
      if (endsAt >= 0) this.holes.undo(hole, endsAt);
      this.holes.undo(hole, slot);
      return false;
    }
    // The view follows along unchecked, so that its slots stay those of the whole document.
    if (view) {
      view.holes.commit(0, slot, text);
      if (endsAt >= 0) view.holes.end(0, endsAt);
      view.checker.clearUndo();
    }
    return true;
  }

  /**
   * For a slot that begins a masked run: what the document's shortest completion puts in that run (its
   * first token is kept by construction), or the hole's end when that is nothing and the run is the
   * hole's last. One check of the chart as it stands, read off that check's own derivation: cheaper
   * than the model's next dozens of refused proposals at a slot where little fits. (A shortest
   * completion from the witness chart re-parses the window by cost, 20-30 ms in Python and TypeScript
   * fills: the same fills and edit similarity in the fill and model benches, 10x the time.)
   */
  suggest(hole: number, slot: number): { readonly text: string } | { readonly end: true } | null {
    // Where finish() may not compute a witness (quick fills of long texts: too slow), neither may this.
    if (!this.witnessForRest) return null;
    const run = this.holes.runStartingAt(hole, slot);
    if (!run) return null;
    const t0 = performance.now();
    const verdict = this.checker.check();
    const gapTexts = verdict.completable ? this.checker.gapTextsFromCheck() : null;
    this.stats.checkMs += performance.now() - t0;
    this.stats.checks++;
    const text = gapTexts?.[run.gapIndex];
    if (text === undefined || (text === '' && !run.last)) return null;
    this.stats.suggestions++;
    return text === '' ? { end: true } : { text };
  }

  finish(): string[] | null {
    if (!this.witnessForRest) this.endAtTrailingMasks();
    const hasGaps = this.checker.pieces.some((p) => p.kind === 'gap');
    if (!this.verdict()) return null;
    const gapTexts: string[][] = Array.from({ length: this.holes.holeCount }, () => []);
    if (hasGaps && this.witnessForRest) {
      const w = this.checker.witness(this.parser);
      if (!w || (this.witnessMustParse && !w.treeSitterValid)) return null;
      let g = 0;
      for (const p of this.checker.pieces) if (p.kind === 'gap') gapTexts[p.hole].push(w.gapTexts[g++]);
      this.stats.witnessHoles = gapTexts.filter((t) => t.some((s) => s.length > 0)).length;
    }
    return gapTexts.map((texts, h) => this.holes.holeText(h, texts));
  }

  /**
   * Without a witness: a hole whose still-masked slots all come after its last token ends there, if the
   * document stays completable (left-to-right decoding that ran out of time leaves exactly that).
   */
  private endAtTrailingMasks(): void {
    for (let h = 0; h < this.holes.holeCount; h++) {
      let end = this.holes.slotCount(h);
      while (end > 0 && this.holes.isEnded(h, end - 1)) end--;
      let first = end;
      while (first > 0 && this.holes.isMasked(h, first - 1)) first--;
      if (first < end) this.tryEnd(h, first);
    }
  }

  /** The hole's prefix view, built on its first commit, when enough fixed text follows the hole. */
  private prefixView(hole: number): PrefixView | null {
    const known = this.prefixViews[hole];
    if (known !== undefined) return known;
    const pieces = this.initialPieces;
    const at = pieces.findIndex((p) => p.kind === 'gap' && p.hole === hole);
    let suffix = 0;
    for (let i = at + 1; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.kind === 'text') suffix += p.text.length;
    }
    let view: PrefixView | null = null;
    if (!this.holes.isUntouched(hole)) throw new Error(`the prefix view of hole ${hole} must be built before its first commit`);
    if (suffix >= this.prefixViewMinSuffix) {
      // Earlier holes stay whole gaps (a gap holds whatever they will hold); this hole is hole 0 of the view.
      const cut = pieces.slice(0, at + 1).map((p, i) => (p.kind === 'gap' ? gap(i === at ? 0 : -1, p.sourceOffset) : p));
      const checker = new CompletabilityChecker(this.checker.grammar, this.checker.automaton, cut, this.checker.budget, {
        fixedTextIntact: this.checker.lattice.fixedTextIntact,
        keywordsShadowWords: this.checker.lattice.keywordsShadowWords,
      });
      view = { checker, holes: new SlottedHoles(checker, [this.holeSlots[hole]], { openEnd: true }) };
    }
    this.prefixViews[hole] = view;
    return view;
  }

  /** The prefix view's verdict; null when its budget ran out (then the full check decides). */
  private prefixVerdict(view: PrefixView): boolean | null {
    const t0 = performance.now();
    const r = view.checker.check();
    this.stats.checkMs += performance.now() - t0;
    this.stats.checks++;
    return r.budgetExceeded ? null : r.completable;
  }

  private verdict(): boolean {
    const t0 = performance.now();
    const r = this.checker.check();
    this.stats.checkMs += performance.now() - t0;
    this.stats.checks++;
    if (r.budgetExceeded) this.stats.budgetRejections++;
    if (r.completable) this.checker.clearUndo();
    else this.stats.rejections++;
    return r.completable === true;
  }
}
