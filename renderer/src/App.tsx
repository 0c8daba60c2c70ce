import { useEffect, useMemo, useState } from 'react';
import type { LabelDef } from '../../shared/model';
import { assertNever } from '../../shared/model';
import { AnnotateAllDialog } from './components/AnnotateAllDialog';
import { AnnotationList } from './components/AnnotationList';
import { AnnotatorDialog } from './components/AnnotatorDialog';
import { AttributePanel } from './components/AttributePanel';
import { DocumentList } from './components/DocumentList';
import { ExportDialog } from './components/ExportDialog';
import { LabelBar } from './components/LabelBar';
import { OpenCorpusDialog } from './components/OpenCorpusDialog';
import { ProgressDialog } from './components/ProgressDialog';
import { SaveIndicator } from './components/SaveIndicator';
import { SchemaEditor } from './components/SchemaEditor';
import { SearchPanel } from './components/SearchPanel';
import { SuggestionBar } from './components/SuggestionBar';
import { AssignmentsDialog } from './components/AssignmentsDialog';
import { RestorePrevious } from './components/RestorePrevious';
import { SyncDialog } from './components/SyncDialog';
import { ArticleView } from './editor/ArticleView';
import { AgreementView } from './review/AgreementView';
import { FeedbackView } from './review/FeedbackView';
import { ReviewView } from './review/ReviewView';
import { useT } from './i18n';
import { useShortcuts } from './shortcuts';
import { useHashiya, type Dialog } from './store';
import { whenListStill } from './event-pause';

const NO_LABELS: readonly LabelDef[] = [];

/** Label colours as CSS custom properties (set through the CSSOM: the CSP forbids inline styles). */
function useLabelColours(labels: readonly LabelDef[]): void {
  useEffect(() => {
    const root = document.documentElement.style;
    labels.forEach((label, i) => root.setProperty(`--label-${i}`, label.color));
  }, [labels]);
}

/** The whole UI mirrors for Arabic: `lang` and `dir` on the root element. */
function useLanguageDirection(): void {
  const language = useHashiya((s) => s.language);
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  }, [language]);
}

function DialogView({ dialog }: { dialog: Dialog }) {
  const setDialog = useHashiya((s) => s.setDialog);
  switch (dialog.kind) {
    case 'annotator':
      return <AnnotatorDialog onDone={() => setDialog(null)} />;
    case 'corpus':
      return <OpenCorpusDialog onDone={() => setDialog(null)} />;
    case 'schema':
      return <SchemaEditor />;
    case 'progress':
      return <ProgressDialog />;
    case 'export':
      return <ExportDialog />;
    case 'sync':
      return <SyncDialog />;
    case 'assignments':
      return <AssignmentsDialog />;
    case 'annotateAll':
      return <AnnotateAllDialog query={dialog.query} label={dialog.label} clitics={dialog.clitics} />;
    default:
      return assertNever(dialog, 'dialog');
  }
}

export function App() {
  const t = useT();
  const session = useHashiya((s) => s.session);
  const sessionError = useHashiya((s) => s.sessionError);
  // Only what the frame shows: the whole article changes with every key press.
  const articleId = useHashiya((s) => s.article?.id ?? null);
  const articleText = useHashiya((s) => s.article?.text ?? null);
  const banner = useHashiya((s) => s.article?.banner ?? null);
  const articleError = useHashiya((s) => s.articleError);
  const articleErrorId = useHashiya((s) => s.articleErrorId);
  const documents = useHashiya((s) => s.documents);
  const dialog = useHashiya((s) => s.dialog);
  const language = useHashiya((s) => s.language);
  const mode = useHashiya((s) => s.mode);
  const { loadSession, loadDocuments, openArticle, setDialog, setLanguage } = useHashiya.getState();

  const labels = session?.corpus?.schema.labels ?? NO_LABELS;
  const labelIndex = useMemo(() => new Map(labels.map((l, i) => [l.name, i] as const)), [labels]);
  useLabelColours(labels);
  useLanguageDirection();
  const needsAnnotator = session !== null && session.annotator === null;
  useShortcuts(labels, !needsAnnotator && mode === 'annotate');

  useEffect(() => {
    void loadSession();
  }, [loadSession]);
  useEffect(() => {
    if (session?.corpus && session.annotator) void loadDocuments();
  }, [session?.corpus, session?.annotator, loadDocuments]);
  // The first document opens by itself, unless one is being opened already (a click on another
  // while the list refreshes must not be overridden). It is asked for once the list is still
  // (event-pause.ts), shown once it is still again (the side panels' render, ~50 ms for a short
  // document, landed in the frames of a scroll begun as the list appeared), and its article drawn
  // once it is still after that: the list may be scrolled from the moment it appears, and laying
  // the article out and drawing its suggestions would cost that scroll frames. A document opened
  // by the user is shown and drawn at once.
  const opening = useHashiya((s) => s.opening);
  const [autoOpened, setAutoOpened] = useState<string | null>(null);
  useEffect(() => {
    const first = documents[0];
    if (articleId !== null || opening !== null || !first || articleError) return;
    return whenListStill(() => {
      setAutoOpened(first.id);
      void openArticle(first.id, () => new Promise<void>((shown) => whenListStill(shown)));
    });
  }, [articleId, opening, documents, articleError, openArticle]);
  const holdArticle = articleId !== null && articleId === autoOpened;
  useEffect(() => {
    if (!holdArticle) return;
    return whenListStill(() => setAutoOpened(null));
  }, [holdArticle]);
  // Changes from outside (another window, a sync tool, an editor): polled while a document is
  // open, and checked at once when the window comes back to the front.
  useEffect(() => {
    const check = () => void useHashiya.getState().checkOutsideChanges();
    const timer = setInterval(check, 3000);
    window.addEventListener('focus', check);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', check);
    };
  }, []);
  useEffect(() => {
    if (session?.corpus) void useHashiya.getState().loadAssignments();
  }, [session?.corpus]);
  useEffect(() => {
    const flush = () => void useHashiya.getState().flushSave();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  /** Switching mode opens the document in hand in the new mode. */
  function switchMode(next: typeof mode) {
    const state = useHashiya.getState();
    state.setMode(next);
    const id = state.article?.id ?? state.review?.documentId ?? documents[0]?.id;
    if (!id) return;
    if (next === 'review') void state.openReview(id);
    if (next === 'feedback' && session?.annotator) void state.openReview(id, [session.annotator]);
    if (next === 'annotate' && state.article?.id !== id) void state.openArticle(id);
  }

  if (sessionError) return <p className="fatal" role="alert">{t('hostUnreachable', { error: sessionError })}</p>;
  if (!session) return <p className="loading">{t('loading')}</p>;

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <bdi lang="ar" dir="rtl">حاشية</bdi> <span lang="en">Hashiya</span>
        </h1>
        <span className="corpus" title={session.corpus?.root}>
          {t('corpus')}: <strong>{session.corpus?.name ?? t('none')}</strong>
        </span>
        <button type="button" onClick={() => setDialog({ kind: 'corpus' })}>
          {t('openCorpus')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'schema' })} disabled={!session.corpus}>
          {t('schema')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'progress' })} disabled={!session.corpus}>
          {t('progress')}
        </button>
        <button type="button" onClick={() => void useHashiya.getState().flushSave().then(() => setDialog({ kind: 'export' }))} disabled={!session.corpus}>
          {t('export')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'assignments' })} disabled={!session.corpus}>
          {t('assign')}
        </button>
        <button type="button" className="sync-button" onClick={() => setDialog({ kind: 'sync' })} disabled={!session.corpus || !session.annotator}>
          {t('sync')}
        </button>
        <span className="spacer" />
        <nav className="modes" aria-label={t('modes')}>
          {(['annotate', 'review', 'agreement', 'feedback'] as const).map((m) => (
            <button key={m} type="button" aria-pressed={mode === m} className={mode === m ? 'mode current' : 'mode'} onClick={() => switchMode(m)}>
              {t(`${m}Mode` as const)}
            </button>
          ))}
        </nav>
        <SaveIndicator />
        <button type="button" lang={language === 'en' ? 'ar' : 'en'} onClick={() => setLanguage(language === 'en' ? 'ar' : 'en')} title={t('languageTitle')}>
          {t('language')}
        </button>
        <button type="button" className="annotator" onClick={() => setDialog({ kind: 'annotator' })} title={t('changeAnnotator')}>
          {t('annotator')}: <bdi>{session.annotator ?? '—'}</bdi>
        </button>
      </header>
      {session.corpusError && (
        <p className="error banner" role="alert">
          {session.corpusError}
        </p>
      )}
      {session.readOnly && (
        <p className="error banner read-only" role="alert">
          {t('readOnlyBanner', { reason: session.readOnly })}
        </p>
      )}
      <div className="sidebar start-side">
        <DocumentList />
        <SearchPanel />
      </div>
      {mode === 'annotate' ? (
        <>
          <main className="workspace">
            <LabelBar labels={labels} />
            {articleError && <p className="error" role="alert">{articleError}</p>}
            {articleError && articleErrorId && <RestorePrevious documentId={articleErrorId} />}
            {banner && (
              <p className="notice banner layer-banner" role="status">
                {banner}{' '}
                <button type="button" onClick={() => useHashiya.getState().dismissBanner()} aria-label={t('close')}>
                  ×
                </button>
              </p>
            )}
            {articleId !== null && articleText !== null ? (
              holdArticle ? null : <ArticleView key={articleId} text={articleText} labelIndex={labelIndex} />
            ) : (
              <p className="muted">{t('chooseDocument')}</p>
            )}
          </main>
          <aside className="sidebar end-side" aria-label={t('attributes')}>
            <AttributePanel />
            <SuggestionBar />
            <AnnotationList labelIndex={labelIndex} />
          </aside>
        </>
      ) : (
        <main className="workspace wide-workspace">
          {mode === 'review' && <ReviewView labelIndex={labelIndex} />}
          {mode === 'agreement' && <AgreementView />}
          {mode === 'feedback' && <FeedbackView />}
        </main>
      )}
      {needsAnnotator && <AnnotatorDialog />}
      {!needsAnnotator && dialog && <DialogView dialog={dialog} />}
    </div>
  );
}
