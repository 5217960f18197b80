/** An error whose message is meant for the user as it is (bad input, unsupported language, bad model). */
export class HolefillError extends Error {
  constructor(
    message: string,
    readonly code: 'usage' | 'unsupported-language' | 'bad-grammar' | 'bad-model' | 'io' | 'cancelled' | 'document-changed',
  ) {
    super(message);
    this.name = 'HolefillError';
  }
}
