import { HolefillError } from '../core/errors';

/**
 * How the sampler commits tokens: every commit goes through here, and a constraint may refuse one
 * (the checker-backed constraint refuses commits after which the document cannot be completed).
 * Slots of a hole are numbered 0..k-1 in text order; a hole's final text is its committed tokens in
 * slot order, with whatever is still masked filled by `finish`. The sampler only commits into a slot
 * that is still masked and below the hole's end, and calls `finish` exactly once, at the end of every
 * fill (also when nothing is left masked): its answer is the fill.
 */
export interface CommitConstraint {
  /** Commit token text at slot `slot` of hole `hole` if the document stays completable; returns whether it was kept. */
  tryCommit(hole: number, slot: number, text: string): boolean;
  /** End hole `hole` at `slot` (pad/eos): slots ≥ slot become empty. Only called when no token is committed after `slot` in that hole. Returns whether kept. */
  tryEnd(hole: number, slot: number): boolean;
  /**
   * A commit this constraint knows it would keep at `slot` of `hole`, for a slot whose model proposals
   * keep being refused: the text some completion puts there (a shortest one with `shortest`, dearer),
   * or the hole's end. null when it has none (e.g. the slot is not the first of a masked run). Optional.
   */
  suggest?(hole: number, slot: number, shortest?: boolean): { readonly text: string } | { readonly end: true } | null;
  /**
   * Commits `text` at masked slot `slot` of hole `hole` and ends the hole right after it, if the
   * document stays completable; returns whether kept (nothing changes otherwise). Every slot of the hole
   * before `slot` holds a token and none after it does. Optional.
   */
  tryCommitEnding?(hole: number, slot: number, text: string): boolean;
  /** Final texts per hole for whatever is still masked (the checker's shortest completion); null if none exists. */
  finish(): string[] | null;
}

/**
 * Accepts every commit (`--unconstrained`, and the sampler's tests). It still enforces the contract's
 * preconditions, so a sampler that breaks them fails loudly. Masked slots left at the end stay empty.
 */
export class UnconstrainedCommits implements CommitConstraint {
  /** Committed text per hole and slot; null where the slot is still masked. */
  private readonly slots: (string | null)[][];
  /** Per hole: the slot the hole ends at (its slot count until a pad/eos ends it). */
  private readonly ends: number[];

  constructor(holeSlots: readonly number[]) {
    this.slots = holeSlots.map((k) => new Array<string | null>(k).fill(null));
    this.ends = holeSlots.slice();
  }

  tryCommit(hole: number, slot: number, text: string): boolean {
    this.checkSlot(hole, slot);
    if (slot >= this.ends[hole]) throw new HolefillError(`commit at slot ${slot} of hole ${hole}, which ended at slot ${this.ends[hole]}`, 'usage');
    if (this.slots[hole][slot] !== null) throw new HolefillError(`slot ${slot} of hole ${hole} is committed twice`, 'usage');
    this.slots[hole][slot] = text;
    return true;
  }

  tryEnd(hole: number, slot: number): boolean {
    this.checkSlot(hole, slot);
    for (let s = slot; s < this.slots[hole].length; s++) {
      if (this.slots[hole][s] !== null) throw new HolefillError(`hole ${hole} ended at slot ${slot} before its committed slot ${s}`, 'usage');
    }
    this.ends[hole] = Math.min(this.ends[hole], slot);
    return true;
  }

  finish(): string[] {
    return this.slots.map((texts, hole) => texts.slice(0, this.ends[hole]).filter((t) => t !== null).join(''));
  }

  private checkSlot(hole: number, slot: number): void {
    if (!(hole >= 0 && hole < this.slots.length && slot >= 0 && slot < this.slots[hole].length)) {
      throw new HolefillError(`no slot ${slot} in hole ${hole}`, 'usage');
    }
  }
}

/**
 * For a hole inside a comment that runs to the end of its line (an inline completion there): any text
 * without a line break keeps it a comment, so no grammar check is needed; a line break is refused.
 */
export class SingleLineCommits extends UnconstrainedCommits {
  override tryCommit(hole: number, slot: number, text: string): boolean {
    if (/[\r\n\u2028\u2029]/.test(text)) return false;
    return super.tryCommit(hole, slot, text);
  }
}
