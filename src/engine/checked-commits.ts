// The checker-backed CommitConstraint: a commit is kept only if the whole document stays completable.
import type { CompletabilityChecker } from '../check/checker';
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
}

export class CheckedCommits implements CommitConstraint {
  readonly holes: SlottedHoles;
  readonly stats: CheckedCommitStats = { checks: 0, rejections: 0, budgetRejections: 0, checkMs: 0, witnessHoles: 0 };

  constructor(
    private readonly checker: CompletabilityChecker,
    holeSlots: readonly number[],
    private readonly parser: TreeSitterParser,
  ) {
    this.holes = new SlottedHoles(checker, holeSlots);
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

  finish(): string[] | null {
    const hasGaps = this.checker.pieces.some((p) => p.kind === 'gap');
    if (!this.verdict()) return null;
    const gapTexts: string[][] = Array.from({ length: this.holes.holeCount }, () => []);
    if (hasGaps) {
      const w = this.checker.witness(this.parser);
      if (!w || !w.treeSitterValid) return null;
      let g = 0;
      for (const p of this.checker.pieces) if (p.kind === 'gap') gapTexts[p.hole].push(w.gapTexts[g++]);
      this.stats.witnessHoles = gapTexts.filter((t) => t.some((s) => s.length > 0)).length;
    }
    return gapTexts.map((texts, h) => this.holes.holeText(h, texts));
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
