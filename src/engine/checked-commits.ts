// The checker-backed CommitConstraint: a commit is kept only if the whole document stays completable.
//
// A commit re-parses the document from the commit on. A refused token costs little: the chart dies at
// it. (A cheaper first opinion from the document cut after the hole, a "prefix view", was tried and
// removed: its "no" is never earlier than the full chart's death, and its parse of every kept commit cost
// 21% of a Python fill's check time.)
import type { CompletabilityChecker } from '../check/checker';
import { text, type Piece } from '../check/document';
import { laidOut, NO_BLOCK_LAYOUT, withBlockLayout, type BlockLayout } from './check-document';
import type { CommitConstraint } from '../decode/constraint';
import type { TreeSitterParser } from '../grammar/treesitter';
import { SlottedHoles } from './slotted-holes';

export interface CheckedCommitStats {
  checks: number;
  rejections: number;
  /** Checks that ran out of budget (counted as rejections: a commit is kept only on a proven "yes"). */
  budgetRejections: number;
  checkMs: number;
  /** Holes whose remaining masks were filled by the checker's witness in finish(). */
  witnessHoles: number;
  /** suggest() calls that gave a commit (each costs a check and a witness). */
  suggestions: number;
}

export interface CheckedCommitsOptions {
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

export class CheckedCommits implements CommitConstraint {
  readonly holes: SlottedHoles;
  readonly stats: CheckedCommitStats = { checks: 0, rejections: 0, budgetRejections: 0, checkMs: 0, witnessHoles: 0, suggestions: 0 };
  private readonly witnessForRest: boolean;
  private readonly witnessMustParse: boolean;
  /** The pieces as first given. */
  private readonly initialPieces: readonly Piece[];

  constructor(
    private readonly checker: CompletabilityChecker,
    holeSlots: readonly number[],
    private readonly parser: TreeSitterParser,
    options: CheckedCommitsOptions = {},
  ) {
    this.holes = new SlottedHoles(checker, holeSlots);
    this.initialPieces = checker.pieces;
    this.witnessForRest = options.witnessForRest ?? true;
    this.witnessMustParse = options.witnessMustParse ?? true;
  }

  /** Characters of fixed text this constraint checks (a window and its surroundings, or the whole document). */
  get checkedChars(): number {
    return this.initialPieces.reduce((sum, p) => sum + (p.kind === 'text' ? p.text.length : 0), 0);
  }

  /**
   * Shortest completions of the holes in `which` (this group's indices), the other holes holding
   * `texts`: one check and witness of this group's text as first given, with only those holes open.
   * null where there is none (the caller then asks the whole document).
   */
  shortestWith(texts: readonly string[], which: readonly number[], layout: BlockLayout = NO_BLOCK_LAYOUT): string[] | null {
    const t0 = performance.now();
    // Python: a header hole's completion ends with the `:` that opens the block after it, a body hole's
    // starts with `pass` (as shortestValidFill's do; `layout` in this group's indices).
    const open = this.initialPieces.map((p) => (p.kind === 'gap' && !which.includes(p.hole) ? text(texts[p.hole]) : p));
    const checker = this.checker.withPieces(withBlockLayout(open, layout));
    const found = checker.check().completable ? checker.witness(this.parser) : null;
    this.stats.checkMs += performance.now() - t0;
    if (!found) return null;
    const out: string[] = which.map(() => '');
    let g = 0;
    for (const p of checker.pieces) if (p.kind === 'gap') out[which.indexOf(p.hole)] += found.gapTexts[g++];
    return out.map((fill, k) => laidOut(fill, which[k], layout));
  }

  /** Checks the document as it stands (before any commit): can it be completed at all? */
  initialCheck(): boolean {
    return this.verdict();
  }

  tryCommit(hole: number, slot: number, text: string): boolean {
    this.holes.commit(hole, slot, text);
    if (this.verdict()) return true;
    this.holes.undo(hole, slot);
    return false;
  }

  tryEnd(hole: number, slot: number): boolean {
    this.holes.end(hole, slot);
    if (this.verdict()) return true;
    this.holes.undo(hole, slot);
    return false;
  }

  tryCommitEnding(hole: number, slot: number, text: string): boolean {
    // Nothing to end where the hole ends right after the slot anyway (its last slot, or an end kept before).
    const endsAt = slot + 1 < this.holes.slotCount(hole) && !this.holes.isEnded(hole, slot + 1) ? slot + 1 : -1;
    this.holes.commit(hole, slot, text);
    if (endsAt >= 0) this.holes.end(hole, endsAt);
    if (!this.verdict()) {
      if (endsAt >= 0) this.holes.undo(hole, endsAt);
      this.holes.undo(hole, slot);
      return false;
    }
    return true;
  }

  /**
   * For a slot that begins a masked run: the hole's end where the run is the hole's last and the
   * document stays completable without it, else what the last check's own derivation puts in the run
   * (its first token is kept by construction). One or two checks: cheaper than the model's next dozens
   * of refused proposals at a slot where little fits. `shortest`: the text of a shortest completion
   * instead, from the witness chart, which re-parses the window cost-ordered (20-30 ms in Python and
   * TypeScript fills; the sampler asks so once per hole, where a refused end needs a short rest).
   */
  suggest(hole: number, slot: number, shortest = false): { readonly text: string } | { readonly end: true } | null {
    // Where finish() may not compute a witness (quick fills of long texts: too slow), neither may this.
    if (!this.witnessForRest) return null;
    const run = this.holes.runStartingAt(hole, slot);
    if (!run) return null;
    const t0 = performance.now();
    // Ending the hole here, where it can end, as a shortest completion would (the check's own
    // derivation may write on where nothing was needed).
    let ends = false;
    if (run.last && !shortest) {
      this.holes.end(hole, slot);
      ends = this.checker.check().completable === true;
      this.holes.undo(hole, slot);
      this.stats.checks++;
    }
    const verdict = ends ? null : this.checker.check();
    const gapTexts = !verdict?.completable ? null : shortest ? (this.checker.witness()?.gapTexts ?? null) : this.checker.gapTextsFromCheck();
    this.stats.checkMs += performance.now() - t0;
    this.stats.checks++;
    if (ends) {
      this.stats.suggestions++;
      return { end: true };
    }
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
