// A hole inside a literal's content (a docstring, a block comment): its text only has to leave the
// literal whole, so a commit is checked against what the text may not form, with no parse. The
// document around it keeps every token (tree-sitter validates the filled text in the end, as always).
import type { LiteralAround } from '../grammar/treesitter';
import type { CheckedCommitStats } from './checked-commits';

export class LiteralCommits {
  readonly stats: CheckedCommitStats = { checks: 0, rejections: 0, budgetRejections: 0, checkMs: 0, witnessHoles: 0, suggestions: 0 };
  /** No grammar check reads any text. */
  readonly checkedChars = 0;
  /** Committed text per slot; null while masked. */
  private readonly texts: Array<string | null>;
  private end: number;

  constructor(
    private readonly literal: LiteralAround,
    slots: number,
    /** The fixed text just before and after the hole (enough to see a forbidden sequence across its edges). */
    private readonly before: string,
    private readonly after: string,
  ) {
    this.texts = new Array<string | null>(slots).fill(null);
    this.end = slots;
  }

  /** The hole is always 0: one hole per literal. */
  tryCommit(_hole: number, slot: number, text: string): boolean {
    this.stats.checks++;
    const previous = this.texts[slot];
    this.texts[slot] = text;
    const kept = this.allowed(text);
    if (!kept) {
      this.texts[slot] = previous;
      this.stats.rejections++;
    }
    return kept;
  }

  tryEnd(_hole: number, slot: number): boolean {
    this.stats.checks++;
    this.end = Math.min(this.end, slot);
    return true;
  }

  tryCommitEnding(hole: number, slot: number, text: string): boolean {
    if (!this.tryCommit(hole, slot, text)) return false;
    this.end = Math.min(this.end, slot + 1);
    return true;
  }

  /** Nothing to suggest: every refused text formed a delimiter, and any other text does not. */
  suggest(): null {
    return null;
  }

  /** Slots still masked stay empty. */
  finish(): string[] {
    return [this.joined()];
  }

  private joined(): string {
    return this.texts.slice(0, this.end).filter((t) => t !== null).join('');
  }

  /**
   * Whether the hole's text with `text` committed (masked slots read as empty: finish leaves them so)
   * forms no forbidden sequence, alone or with the fixed text on either side.
   */
  private allowed(text: string): boolean {
    if (this.literal.noBackslash && text.includes('\\')) return false;
    const joined = this.joined();
    return this.literal.forbidden.every((f) => {
      const edge = f.length - 1;
      return !(this.before.slice(this.before.length - edge) + joined + this.after.slice(0, edge)).includes(f);
    });
  }
}
