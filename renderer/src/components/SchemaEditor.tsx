import { useState } from 'react';
import type { AttributeDef, AttributeType, LabelDef, RelationDef, Schema } from '../../../shared/model';
import { useT, type MessageKey } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

const TYPES: readonly [AttributeType, MessageKey][] = [
  ['choice', 'typeChoice'],
  ['number', 'typeNumber'],
  ['text', 'typeText'],
  ['boolean', 'typeBoolean'],
  ['reference', 'typeReference'],
];

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Edits the corpus schema: labels (name, colour, key), their typed attributes, relation types.
 * Saving never destroys stored values; the host answers with the values that no longer fit.
 */
export function SchemaEditor() {
  const t = useT();
  const current = useHashiya((s) => s.session?.corpus?.schema);
  const saveSchema = useHashiya((s) => s.saveSchema);
  const setDialog = useHashiya((s) => s.setDialog);
  const [draft, setDraft] = useState<Schema>(current ?? { labels: [], relations: [] });
  const [error, setError] = useState<string | null>(null);
  const [unfit, setUnfit] = useState<readonly string[] | null>(null);
  const close = () => setDialog(null);

  const setLabel = (i: number, label: LabelDef) => setDraft({ ...draft, labels: draft.labels.map((l, j) => (j === i ? label : l)) });
  const setAttribute = (label: LabelDef, i: number, attribute: AttributeDef): LabelDef => ({
    ...label,
    attributes: label.attributes.map((a, j) => (j === i ? attribute : a)),
  });
  const setRelation = (i: number, relation: RelationDef) => setDraft({ ...draft, relations: draft.relations.map((r, j) => (j === i ? relation : r)) });

  async function save() {
    setError(null);
    try {
      const report = await saveSchema(draft);
      if (report.length === 0) close();
      else setUnfit(report);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="dialog wide schema-editor" role="dialog" aria-modal="true" aria-labelledby="schema-title">
        <h2 id="schema-title">{t('schemaTitle')}</h2>
        <p className="muted">{t('schemaHelp')}</p>
        {draft.labels.map((label, i) => (
          <fieldset key={i} className="schema-label">
            <legend>{label.name || '…'}</legend>
            <div className="row">
              <label>
                {t('name')} <input value={label.name} onChange={(e) => setLabel(i, { ...label, name: e.target.value })} dir="ltr" />
              </label>
              <label>
                {t('colour')} <input type="color" value={label.color} onChange={(e) => setLabel(i, { ...label, color: e.target.value })} />
              </label>
              <label>
                {t('key')} <input className="key-input" value={label.key} maxLength={1} onChange={(e) => setLabel(i, { ...label, key: e.target.value })} />
              </label>
              <button type="button" onClick={() => setDraft({ ...draft, labels: draft.labels.filter((_, j) => j !== i) })}>
                {t('remove')}
              </button>
            </div>
            <table className="schema-attributes">
              <tbody>
                {label.attributes.map((a, k) => (
                  <tr key={k}>
                    <td>
                      <input aria-label={`${label.name} ${t('name')}`} value={a.name} dir="ltr" onChange={(e) => setLabel(i, setAttribute(label, k, { ...a, name: e.target.value }))} />
                    </td>
                    <td>
                      <select aria-label={`${label.name}.${a.name} ${t('type')}`} value={a.type} onChange={(e) => setLabel(i, setAttribute(label, k, { ...a, type: e.target.value as AttributeType }))}>
                        {TYPES.map(([type, key]) => (
                          <option key={type} value={type}>
                            {t(key)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {a.type === 'choice' && (
                        <input aria-label={`${label.name}.${a.name} ${t('choices')}`} placeholder={t('choices')} dir="ltr" defaultValue={a.choices.join(', ')} onBlur={(e) => setLabel(i, setAttribute(label, k, { ...a, choices: list(e.target.value) }))} />
                      )}
                      {a.type === 'reference' && (
                        <input aria-label={`${label.name}.${a.name} ${t('targets')}`} placeholder={t('targets')} dir="ltr" defaultValue={a.targets.join(', ')} onBlur={(e) => setLabel(i, setAttribute(label, k, { ...a, targets: list(e.target.value) }))} />
                      )}
                    </td>
                    <td>
                      <button type="button" onClick={() => setLabel(i, { ...label, attributes: label.attributes.filter((_, j) => j !== k) })}>
                        {t('remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setLabel(i, { ...label, attributes: [...label.attributes, { name: '', type: 'text', choices: [], targets: [], help: '' }] })}>
              {t('addAttribute')}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setDraft({ ...draft, labels: [...draft.labels, { name: '', color: '#cccccc', key: '', attributes: [] }] })}>
          {t('addLabel')}
        </button>
        <fieldset className="schema-relations">
          <legend>{t('relations')}</legend>
          {draft.relations.map((r, i) => (
            <div className="row" key={i}>
              <input aria-label={`${t('relationType')} ${t('name')}`} value={r.name} dir="ltr" onChange={(e) => setRelation(i, { ...r, name: e.target.value })} />
              <input aria-label={`${r.name} ${t('fromLabels')}`} placeholder={t('fromLabels')} dir="ltr" defaultValue={r.from.join(', ')} onBlur={(e) => setRelation(i, { ...r, from: list(e.target.value) })} />
              →
              <input aria-label={`${r.name} ${t('toLabels')}`} placeholder={t('toLabels')} dir="ltr" defaultValue={r.to.join(', ')} onBlur={(e) => setRelation(i, { ...r, to: list(e.target.value) })} />
              <button type="button" onClick={() => setDraft({ ...draft, relations: draft.relations.filter((_, j) => j !== i) })}>
                {t('remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setDraft({ ...draft, relations: [...draft.relations, { name: '', from: [], to: [] }] })}>
            {t('addRelationType')}
          </button>
        </fieldset>
        {error && (
          <pre className="error" role="alert">
            {error}
          </pre>
        )}
        {unfit && (
          <div role="status" className="unfit-report">
            <p>{t('unfitAfterSave')}</p>
            <ul>
              {unfit.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            {unfit ? t('close') : t('cancel')}
          </button>
          {!unfit && (
            <button type="button" className="primary" onClick={() => void save()}>
              {t('saveSchema')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
