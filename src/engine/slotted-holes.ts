// The decoder's view of holes — each a row of mask slots — mapped onto the checker's pieces. A run of
// masked slots is one gap (it may hold any text, empty included); committed slots are text pieces;
// ending a hole at a slot (pad/eos) removes every gap after it.
import type { CompletabilityChecker } from '../check/checker';
import { gap, text, type Piece } from '../check/document';

const MASKED = null;
const ENDED = undefined;
type Slot = string | typeof MASKED | typeof ENDED;

export class SlottedHoles {
  private readonly slots: Slot[][];
  /** Per end, in order (its undo pops it): the slots from the end on as they were before it, some maybe ended already. */
  private readonly endedBefore: Slot[][] = [];

  constructor(
    private readonly checker: CompletabilityChecker,
    slotCounts: readonly number[],
  ) {
    this.slots = slotCounts.map((n) => new Array<Slot>(n).fill(MASKED));
    // Every hole must be exactly one gap in the checker's pieces.
    const gaps = checker.pieces.filter((p) => p.kind === 'gap').map((p) => (p as { hole: number }).hole);
    slotCounts.forEach((_, h) => {
      if (gaps.filter((g) => g === h).length !== 1) throw new Error(`hole ${h} is not exactly one gap in the document`);
    });
  }

  get holeCount(): number {
    return this.slots.length;
  }

  slotCount(hole: number): number {
    return this.slots[hole].length;
  }

  /** Whether the hole ended at or before `slot` (pad/eos): the slot is empty for good. */
  isEnded(hole: number, slot: number): boolean {
    return this.slots[hole][slot] === ENDED;
  }

  isMasked(hole: number, slot: number): boolean {
    return this.slots[hole][slot] === MASKED;
  }

  /** Whether a real token is committed after `slot` in `hole` (then the hole cannot end at `slot`). */
  hasTokenAfter(hole: number, slot: number): boolean {
    const row = this.slots[hole];
    for (let s = slot + 1; s < row.length; s++) if (typeof row[s] === 'string') return true;
    return false;
  }

  /**
   * Where `slot` begins a run of masked slots: the index of the run's gap among the checker's gaps, and
   * whether the run is the hole's last (nothing committed after it, so the hole may end at `slot`).
   * null when `slot` is not masked or a masked slot comes before it in the run.
   */
  runStartingAt(hole: number, slot: number): { readonly gapIndex: number; readonly last: boolean } | null {
    const row = this.slots[hole];
    if (row[slot] !== MASKED || (slot > 0 && row[slot - 1] === MASKED)) return null;
    const piece = this.gapPieceOfRun(hole, slot);
    let gapIndex = 0;
    for (let i = 0; i < piece; i++) if (this.checker.pieces[i].kind === 'gap') gapIndex++;
    return { gapIndex, last: !this.hasTokenAfter(hole, slot) };
  }

  /** Commits `tokenText` at a masked slot. The checker records it (undoable); nothing is checked here. */
  commit(hole: number, slot: number, tokenText: string): void {
    const row = this.slots[hole];
    if (row[slot] !== MASKED) throw new Error(`slot ${slot} of hole ${hole} is not masked`);
    const [runStart, runEnd] = this.maskedRun(hole, slot);
    const replacement: Piece[] = [];
    if (slot > runStart) replacement.push(gap(hole));
    if (tokenText) replacement.push(text(tokenText));
    if (slot < runEnd - 1) replacement.push(gap(hole));
    this.checker.replaceGap(this.gapPieceOfRun(hole, runStart), replacement);
    row[slot] = tokenText;
  }

  /** Ends the hole at `slot`: it and every later slot become empty (they must all be masked). */
  end(hole: number, slot: number): void {
    const row = this.slots[hole];
    if (this.hasTokenAfter(hole, slot) || row[slot] !== MASKED) throw new Error(`hole ${hole} cannot end at slot ${slot}`);
    const [runStart] = this.maskedRun(hole, slot);
    // The run containing `slot` keeps a gap before `slot`; later runs do not exist (no tokens after).
    const keepGap = slot > runStart;
    this.checker.replaceGap(this.gapPieceOfRun(hole, runStart), keepGap ? [gap(hole)] : []);
    // The slots as they were, for undo: some may have ended already (an earlier end further on).
    this.endedBefore.push(row.slice(slot));
    for (let s = slot; s < row.length; s++) row[s] = ENDED;
  }

  /** Reverts the last commit or end (the checker's undo plus this view's). */
  undo(hole: number, slot: number): void {
    this.checker.undo();
    const row = this.slots[hole];
    if (row[slot] === ENDED) {
      const before = this.endedBefore.pop()!;
      for (let s = slot; s < row.length; s++) row[s] = before[s - slot];
    } else row[slot] = MASKED;
  }

  /** Text of a hole given texts for its remaining gaps (in order). */
  holeText(hole: number, gapTexts: readonly string[] = []): string {
    let out = '';
    let g = 0;
    let inRun = false;
    for (const s of this.slots[hole]) {
      if (s === MASKED) {
        if (!inRun) out += gapTexts[g++] ?? '';
        inRun = true;
      } else {
        inRun = false;
        if (typeof s === 'string') out += s;
      }
    }
    return out;
  }

  /** The committed text of a hole so far (masked runs shown as `mask`). */
  preview(hole: number, mask = ''): string {
    let out = '';
    for (const s of this.slots[hole]) out += s === MASKED ? mask : (s ?? '');
    return out;
  }

  private maskedRun(hole: number, slot: number): [number, number] {
    const row = this.slots[hole];
    let a = slot;
    while (a > 0 && row[a - 1] === MASKED) a--;
    let b = slot + 1;
    while (b < row.length && row[b] === MASKED) b++;
    return [a, b];
  }

  /** Index in the checker's pieces of the gap standing for the masked run that starts at `runStart`. */
  private gapPieceOfRun(hole: number, runStart: number): number {
    const row = this.slots[hole];
    let runIndex = 0;
    for (let s = 0; s < runStart; s++) if (row[s] === MASKED && (s === 0 || row[s - 1] !== MASKED)) runIndex++;
    const pieces = this.checker.pieces;
    for (let i = 0, seen = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (p.kind === 'gap' && p.hole === hole) {
        if (seen === runIndex) return i;
        seen++;
      }
    }
    throw new Error(`no gap for run ${runIndex} of hole ${hole}`);
  }
}
