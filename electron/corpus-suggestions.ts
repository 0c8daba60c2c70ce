/**
 * Suggestions for a document (Node side): the corpus lexicon's strings (corpus-lexicon.ts) found
 * in its text, less what the annotator's layer already has or rejected (shared/search/suggest.ts).
 * Building the lexicon reads and keys every layer of the corpus (seconds for 10,000 documents,
 * hundreds of milliseconds for one layer of 20,000 spans): the host runs this in a worker thread
 * (suggestion-worker.ts, suggestion-thread.ts), so that its own thread keeps answering the app.
 */
import type { Suggestion } from '../shared/host-contract.js';
import { suggestSpans } from '../shared/search/index.js';
import { corpusLexicon } from './corpus-lexicon.js';
import type { CorpusStore } from './corpus-store.js';

/**
 * What the lexicon of `store` proposes in document `id` for `annotator` (see `suggestSpans`:
 * code point offsets, sorted by start). Throws the store's {@link CorpusError} when the text or
 * the layer cannot be read.
 */
export async function corpusSuggestions(store: CorpusStore, id: string, annotator: string): Promise<readonly Suggestion[]> {
  const [text, lexicon, { layer }] = await Promise.all([store.readText(id), corpusLexicon(store), store.readLayer(id, annotator)]);
  return suggestSpans(text, lexicon, layer.spans, layer.rejected);
}
