import { CorpusError } from '../../electron/corpus-store';

/** The CorpusError `promise` is refused with; fails the test when it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<CorpusError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error('expected a CorpusError');
}
