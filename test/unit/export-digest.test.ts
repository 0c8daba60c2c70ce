import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusStore } from '../../electron/corpus-store';
import { CollectionDigest } from '../../electron/export-digest';
import type { ExportDocument } from '../../shared/formats';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

// A collection file (brat's annotation.conf) is written from the digest of every exported
// document; workers each digest their own batches, and the exporting thread merges them in
// document order. Merged so, the digest must be the one a single pass over the documents makes.

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-digest-'));
  store = await fixtureCorpus(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function documentOf(id: string, annotator: string): Promise<ExportDocument> {
  const { meta, text } = await store.readDocument(id);
  return { meta, text, layer: (await store.readLayer(id, annotator)).layer };
}

function digestOf(documents: readonly ExportDocument[]): CollectionDigest {
  const digest = new CollectionDigest(store.manifest.schema);
  for (const d of documents) digest.add(d);
  return digest;
}

describe('CollectionDigest', () => {
  it('merged from digests of consecutive documents in order, holds the facts of one pass in the same order', async () => {
    // Layla's 004 first: her few spans, then Ali's two layers with every label, value, reference and relation.
    const documents = [await documentOf(ID_004, 'Layla'), await documentOf(ID_000, 'Ali'), await documentOf(ID_004, 'Ali')];
    const whole = digestOf(documents);
    const merged = new CollectionDigest(store.manifest.schema);
    merged.merge(digestOf(documents.slice(0, 1)).facts());
    merged.merge(digestOf(documents.slice(1)).facts());
    expect(merged.facts()).toEqual(whole.facts());
    expect(merged.document()).toEqual(whole.document());
    const facts = whole.facts();
    expect(facts.labels).toEqual(['Place', 'Actor', 'CasualtyCount', 'Claim']);
    expect(facts.values.length).toBeGreaterThan(4);
    expect(facts.references.length).toBeGreaterThan(0);
    expect(facts.relations.length).toBeGreaterThan(0);
    expect(facts.notes).toBe(true);
    // Merged out of order, the facts come in another order: the order is what is being kept.
    const reversed = new CollectionDigest(store.manifest.schema);
    reversed.merge(digestOf(documents.slice(1)).facts());
    reversed.merge(digestOf(documents.slice(0, 1)).facts());
    expect(reversed.facts()).not.toEqual(whole.facts());
  });

  it('keeps a value met again once, where it was first met', async () => {
    const ali = await documentOf(ID_000, 'Ali');
    const merged = new CollectionDigest(store.manifest.schema);
    merged.merge(digestOf([ali]).facts());
    merged.merge(digestOf([ali]).facts());
    expect(merged.facts()).toEqual(digestOf([ali]).facts());
  });
});
