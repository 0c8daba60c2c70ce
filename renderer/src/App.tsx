import { useEffect, useMemo, useState } from 'react';
import type { LabelDef } from '../../shared/model';
import { AnnotationList } from './components/AnnotationList';
import { AnnotatorDialog } from './components/AnnotatorDialog';
import { DocumentList } from './components/DocumentList';
import { LabelBar } from './components/LabelBar';
import { OpenCorpusDialog } from './components/OpenCorpusDialog';
import { SaveIndicator } from './components/SaveIndicator';
import { ArticleView } from './editor/ArticleView';
import { useShortcuts } from './shortcuts';
import { useHashiya } from './store';

const NO_LABELS: readonly LabelDef[] = [];

/** Label colours as CSS custom properties (set through the CSSOM: the CSP forbids inline styles). */
function useLabelColours(labels: readonly LabelDef[]): void {
  useEffect(() => {
    const root = document.documentElement.style;
    labels.forEach((label, i) => root.setProperty(`--label-${i}`, label.color));
  }, [labels]);
}

export function App() {
  const session = useHashiya((s) => s.session);
  const sessionError = useHashiya((s) => s.sessionError);
  const article = useHashiya((s) => s.article);
  const articleError = useHashiya((s) => s.articleError);
  const documents = useHashiya((s) => s.documents);
  const loadSession = useHashiya((s) => s.loadSession);
  const loadDocuments = useHashiya((s) => s.loadDocuments);
  const openArticle = useHashiya((s) => s.openArticle);
  const [dialog, setDialog] = useState<'annotator' | 'corpus' | null>(null);

  const labels = session?.corpus?.schema.labels ?? NO_LABELS;
  const labelIndex = useMemo(() => new Map(labels.map((l, i) => [l.name, i] as const)), [labels]);
  useLabelColours(labels);
  const needsAnnotator = session !== null && session.annotator === null;
  useShortcuts(labels, dialog === null && !needsAnnotator);

  useEffect(() => {
    void loadSession();
  }, [loadSession]);
  useEffect(() => {
    if (session?.corpus && session.annotator) void loadDocuments();
  }, [session?.corpus, session?.annotator, loadDocuments]);
  useEffect(() => {
    const first = documents[0];
    if (!article && first && !articleError) void openArticle(first.id);
  }, [article, documents, articleError, openArticle]);
  useEffect(() => {
    const flush = () => void useHashiya.getState().flushSave();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  if (sessionError) return <p className="fatal" role="alert">Cannot reach the Hashiya host: {sessionError}</p>;
  if (!session) return <p className="loading">Loading…</p>;

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <bdi lang="ar" dir="rtl">حاشية</bdi> Hashiya
        </h1>
        <span className="corpus" title={session.corpus?.root}>
          Corpus: <strong>{session.corpus?.name ?? 'none'}</strong>
        </span>
        <button type="button" onClick={() => setDialog('corpus')}>
          Open corpus…
        </button>
        <span className="spacer" />
        <SaveIndicator />
        <button type="button" className="annotator" onClick={() => setDialog('annotator')} title="Change annotator">
          Annotator: <bdi>{session.annotator ?? '—'}</bdi>
        </button>
      </header>
      {session.corpusError && (
        <p className="error banner" role="alert">
          {session.corpusError}
        </p>
      )}
      <DocumentList />
      <main className="workspace">
        <LabelBar labels={labels} />
        {articleError && <p className="error" role="alert">{articleError}</p>}
        {article ? (
          <ArticleView key={article.id} text={article.text} labelIndex={labelIndex} />
        ) : (
          <p className="muted">Choose a document.</p>
        )}
      </main>
      <AnnotationList labelIndex={labelIndex} />
      {(needsAnnotator || dialog === 'annotator') && <AnnotatorDialog onDone={needsAnnotator ? undefined : () => setDialog(null)} />}
      {dialog === 'corpus' && !needsAnnotator && <OpenCorpusDialog onDone={() => setDialog(null)} />}
    </div>
  );
}
