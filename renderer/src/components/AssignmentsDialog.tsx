import { useEffect, useMemo, useState } from 'react';
import { spreadAssignments, type Assignments } from '../../../shared/corpus/assignments';
import { validateAnnotatorName } from '../../../shared/corpus/ids';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/** Rows shown at once; a filter narrows larger corpora (the dialog is a lead's, not on any hot path). */
const SHOWN = 300;


/**
 * The project lead's assignment of documents to annotators: by hand (a checkbox per document
 * and annotator) or N annotators per document spread evenly, keeping what is already assigned.
 * Saved as `assignments.json` in the corpus, which sync shares with the team.
 */
export function AssignmentsDialog() {
  const t = useT();
  const setDialog = useHashiya((s) => s.setDialog);
  const documents = useHashiya((s) => s.documents);
  const [assignments, setAssignments] = useState<Assignments | null>(null);
  const [people, setPeople] = useState<readonly string[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [perDocument, setPerDocument] = useState(2);
  const [newName, setNewName] = useState('');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    host.getAssignments().then(
      (info) => {
        setAssignments(new Map(Object.entries(info.documents)));
        setPeople(info.annotators);
        setChosen(new Set(info.annotators));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  const close = () => setDialog(null);
  const load = useMemo(() => {
    const counts = new Map(people.map((p) => [p, 0]));
    for (const names of assignments?.values() ?? []) for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    return counts;
  }, [assignments, people]);
  const shown = useMemo(() => documents.filter((d) => !filter || d.id.includes(filter) || d.title.includes(filter)).slice(0, SHOWN), [documents, filter]);

  function toggle(id: string, name: string) {
    if (!assignments) return;
    const names = new Set(assignments.get(id) ?? []);
    if (names.has(name)) names.delete(name);
    else names.add(name);
    const next = new Map(assignments);
    next.set(id, [...names].sort());
    setAssignments(next);
    setSaved(false);
  }

  function spread() {
    if (!assignments) return;
    try {
      setAssignments(spreadAssignments(assignments, documents.map((d) => d.id), people.filter((p) => chosen.has(p)), perDocument));
      setError(null);
      setSaved(false);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function addPerson() {
    const name = newName.trim();
    const checked = validateAnnotatorName(name);
    if (!checked.ok) return setError(checked.errors[0]?.message ?? 'invalid name');
    if (!people.includes(name)) setPeople([...people, name].sort());
    setChosen(new Set([...chosen, name]));
    setNewName('');
    setError(null);
  }

  async function save() {
    if (!assignments) return;
    try {
      const info = await host.saveAssignments(Object.fromEntries(assignments));
      setAssignments(new Map(Object.entries(info.documents)));
      setSaved(true);
      setError(null);
      void useHashiya.getState().loadAssignments();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="dialog wide assignments-dialog" role="dialog" aria-modal="true" aria-labelledby="assign-title">
        <h2 id="assign-title">{t('assignTitle')}</h2>
        {error && <p className="error" role="alert">{error}</p>}
        <fieldset className="row">
          <legend>{t('assignSpread')}</legend>
          {people.map((p) => (
            <label key={p}>
              <input type="checkbox" checked={chosen.has(p)} onChange={() => setChosen(new Set(chosen.has(p) ? [...chosen].filter((c) => c !== p) : [...chosen, p]))} /> <bdi>{p}</bdi> <span className="muted">({load.get(p) ?? 0})</span>
            </label>
          ))}
          <label>
            {t('assignPerDocument')} <input type="number" min={1} max={Math.max(1, chosen.size)} value={perDocument} onChange={(e) => setPerDocument(Number(e.target.value))} />
          </label>
          <button type="button" onClick={spread} disabled={!assignments || chosen.size === 0}>
            {t('assignEvenly')}
          </button>
        </fieldset>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            addPerson();
          }}
        >
          <label>
            {t('assignAddAnnotator')} <input value={newName} onChange={(e) => setNewName(e.target.value)} dir="auto" />
          </label>
          <button type="submit" disabled={!newName.trim()}>
            {t('assignAdd')}
          </button>
          <label>
            {t('assignFilter')} <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} dir="auto" />
          </label>
        </form>
        <div className="assign-table-wrap">
          <table className="progress-table assign-table">
            <thead>
              <tr>
                <th scope="col">{t('document')}</th>
                {people.map((p) => (
                  <th scope="col" key={p}>
                    <bdi>{p}</bdi>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <span className="doc-id" dir="ltr">{d.id}</span>
                  </th>
                  {people.map((p) => (
                    <td key={p}>
                      <input type="checkbox" aria-label={`${d.id} · ${p}`} checked={assignments?.get(d.id)?.includes(p) ?? false} onChange={() => toggle(d.id, p)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {documents.length > shown.length && <p className="muted">{t('assignMore', { n: documents.length - shown.length })}</p>}
        </div>
        <div className="dialog-buttons">
          {saved && <span role="status">{t('saved')}</span>}
          <button type="button" onClick={() => void save()} disabled={!assignments}>
            {t('assignSave')}
          </button>
          <button type="button" autoFocus onClick={close}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
