import { useEffect, useState } from 'react';
import type { ExportStatus } from '../../../shared/host-contract';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

const FORMATS = ['brat', 'w3c', 'jsonl', 'conll', 'csv', 'xmi'] as const;
type Format = (typeof FORMATS)[number];
const POLL_MS = 250;

/**
 * Exports an annotator's layer or the gold layer of every document in the chosen formats, to a
 * folder or one zip bundle with a datasheet. The host runs the export as a job; this dialog
 * polls it for the progress bar, then lists what the formats could not express.
 */
export function ExportDialog() {
  const t = useT();
  const session = useHashiya((s) => s.session);
  const setDialog = useHashiya((s) => s.setDialog);
  const [annotators, setAnnotators] = useState<readonly string[]>(session?.annotator ? [session.annotator] : []);
  const [formats, setFormats] = useState<ReadonlySet<Format>>(new Set(['brat', 'w3c', 'jsonl']));
  const [source, setSource] = useState<string>(session?.annotator ?? '');
  const [bundle, setBundle] = useState(false);
  const root = session?.corpus?.root ?? '';
  const [target, setTarget] = useState(`${root}-export`);
  const [offsets, setOffsets] = useState<'codepoint' | 'utf16'>('codepoint');
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = () => setDialog(null);

  useEffect(() => {
    host.corpusProgress().then((p) => setAnnotators(p.annotators), () => undefined);
  }, []);

  useEffect(() => {
    if (!status || status.state !== 'running') return;
    const timer = setTimeout(() => {
      host.exportStatus(status.job).then(setStatus, (e: unknown) => setError(errorMessage(e)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [status]);

  async function start() {
    setError(null);
    try {
      const path = bundle && !target.endsWith('.zip') ? `${target}.zip` : target;
      setStatus(
        await host.startExport({
          formats: FORMATS.filter((f) => formats.has(f)),
          source: source === 'gold' ? { gold: true } : { annotator: source },
          target: path,
          bundle,
          offsets,
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const toggle = (f: Format) => {
    const next = new Set(formats);
    if (next.has(f)) next.delete(f);
    else next.add(f);
    setFormats(next);
  };
  const running = status?.state === 'running';

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && !running && close()}>
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="export-title">
        <h2 id="export-title">{t('exportTitle')}</h2>
        <fieldset className="row" disabled={running}>
          <legend>{t('formats')}</legend>
          {FORMATS.map((f) => (
            <label key={f}>
              <input type="checkbox" checked={formats.has(f)} onChange={() => toggle(f)} /> {f}
            </label>
          ))}
        </fieldset>
        <div className="dialog-fields">
          <label>
            {t('layer')}{' '}
            <select value={source} onChange={(e) => setSource(e.target.value)} disabled={running}>
              {annotators.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
              <option value="gold">{t('goldLayer')}</option>
            </select>
          </label>
          <label>
            {t('offsetUnit')}{' '}
            <select value={offsets} onChange={(e) => setOffsets(e.target.value === 'utf16' ? 'utf16' : 'codepoint')} disabled={running}>
              <option value="codepoint">{t('codePoints')}</option>
              <option value="utf16">{t('utf16')}</option>
            </select>
          </label>
          <label className="row">
            <input type="checkbox" checked={bundle} onChange={(e) => setBundle(e.target.checked)} disabled={running} /> {t('bundleZip')}
          </label>
          <label>
            {t('exportTarget')}
            <input value={target} onChange={(e) => setTarget(e.target.value)} dir="ltr" spellCheck={false} disabled={running} />
          </label>
        </div>
        {status && (
          <div className="export-status">
            <progress max={Math.max(status.total, 1)} value={status.done} aria-label={t('exporting', { done: status.done, total: status.total })} />
            <p role="status">
              {status.state === 'running' && t('exporting', { done: status.done, total: status.total })}
              {status.state === 'finished' && t('exportDone', { files: status.files, target: status.target })}
              {status.state === 'failed' && t('exportFailed', { error: status.error ?? '' })}
            </p>
            {status.state === 'finished' && status.unread.length > 0 && (
              <>
                <p>{t('exportUnread', { n: status.unread.length })}</p>
                <ul className="losses">
                  {status.unread.slice(0, 200).map((problem, i) => (
                    <li key={i}>
                      <bdi>{problem}</bdi>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {status.state === 'finished' && status.losses.length > 0 && (
              <>
                <p>{t('exportLosses', { n: status.losses.length })}</p>
                <ul className="losses">
                  {status.losses.slice(0, 200).map((l, i) => (
                    <li key={i}>
                      <span className="doc-id" dir="ltr">
                        {l.document}
                      </span>{' '}
                      <bdi>{l.message}</bdi>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {error && (
          <pre className="error" role="alert">
            {error}
          </pre>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={close} disabled={running}>
            {status?.state === 'finished' ? t('close') : t('cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void start()} disabled={running || formats.size === 0 || !source || target.trim() === ''}>
            {t('startExport')}
          </button>
        </div>
      </div>
    </div>
  );
}
