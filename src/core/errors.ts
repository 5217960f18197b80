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

const CODES: ReadonlySet<string> = new Set<HolefillError['code']>(['usage', 'unsupported-language', 'bad-grammar', 'bad-model', 'io', 'cancelled', 'document-changed']);

/** An error that crossed a thread as { message, code }: a HolefillError again when the code is one of ours. */
export function errorFromThread({ message, code }: { readonly message: string; readonly code?: string }): Error {
  return code && CODES.has(code) ? new HolefillError(message, code as HolefillError['code']) : new Error(message);
}
