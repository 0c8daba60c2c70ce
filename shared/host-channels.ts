/**
 * The names of the host methods, without their argument schemas: what the Electron preload needs
 * to expose one function per method (it must stay small and dependency-free).
 * `host-contract.ts` checks at compile time that this list and its schemas agree.
 */
export const HOST_METHODS = [
  'getSession',
  'setAnnotator',
  'openCorpus',
  'pickCorpusFolder',
  'listDocuments',
  'openDocument',
  'loadLayer',
  'saveLayer',
  'saveLayerChanges',
  'saveSchema',
  'searchCorpus',
  'suggestions',
  'corpusProgress',
  'startExport',
  'exportStatus',
  'loadReview',
  'saveGold',
  'agreement',
  'previousVersion',
  'restorePreviousVersion',
  'layerHead',
  'syncStatus',
  'linkRemote',
  'syncCorpus',
  'getAssignments',
  'saveAssignments',
] as const;

export type HostMethodName = (typeof HOST_METHODS)[number];

/** IPC channel of a host method. */
export function hostChannel(method: HostMethodName): string {
  return `hashiya:${method}`;
}
