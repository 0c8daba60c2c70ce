import { memo, useDeferredValue, useMemo, useState, type KeyboardEvent } from 'react';
import type { AttributeDef, AttributeValue, Relation, Schema, Span } from '../../../shared/model';
import { checkSpanValues } from '../../../shared/schema';
import { articleHandle } from '../editor/article-handle';
import { useT, type Translate } from '../i18n';
import { labelDef, useHashiya } from '../store';
import { SPAN_CHOICE_LIMIT, spanChoices } from './span-choices';

/**
 * The selected span's attributes, note and relations, all usable from the keyboard: Tab moves
 * through the fields, Enter or leaving a field commits it (one undo step), Escape goes back to
 * the article. Hovering or focusing a linked span outlines it in the text.
 */
export function AttributePanel() {
  const t = useT();
  // Deferred: a key press paints its highlight in the article first; the panel follows in
  // React's background render (and SpanPanel, memoised, is skipped until then).
  const article = useDeferredValue(useHashiya((s) => s.article));
  const schema = useHashiya((s) => s.session?.corpus?.schema);
  const spans = article?.content.spans;
  const selectedId = article?.selectedId ?? null;
  const span = useMemo(() => spans?.find((s) => s.id === selectedId), [spans, selectedId]);
  if (!article || !span) {
    return (
      <section id="attribute-panel" className="panel" aria-label={t('attributes')}>
        <h2>{t('attributes')}</h2>
        <p className="muted">{t('selectSpanHint')}</p>
      </section>
    );
  }
  return <SpanPanel key={span.id} span={span} spans={article.content.spans} relations={article.content.relations} schema={schema} t={t} />;
}

const SpanPanel = memo(function SpanPanel({ span, spans, relations, schema, t }: { span: Span; spans: readonly Span[]; relations: readonly Relation[]; schema: Schema | undefined; t: Translate }) {
  const def = labelDef(schema, span.label);
  const proposal = useHashiya((s) => s.article?.proposals.get(span.id));
  const notice = useHashiya((s) => s.article?.notice ?? null);
  const { setAttribute, setNote, acceptProposal, dismissProposal, trimClitic, setDialog, deleteSpan } = useHashiya.getState();
  const spansById = useMemo(() => new Map(spans.map((s) => [s.id, s])), [spans]);
  const unfit = useMemo(() => (schema ? checkSpanValues(span, schema, spansById) : []), [span, schema, spansById]);
  const shown = new Set((def?.attributes ?? []).map((a) => a.name));
  const extra = Object.keys(span.attributes).filter((name) => !shown.has(name));

  const backToArticle = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      articleHandle.focus();
    }
  };

  return (
    <section id="attribute-panel" className="panel" aria-label={t('attributes')} data-panel-for={span.id} onKeyDown={backToArticle}>
      <h2>
        <span className={`chip hl-l${schema?.labels.findIndex((l) => l.name === span.label) ?? 'x'}`}>{span.label}</span>{' '}
        <bdi dir="rtl" className="panel-quote">{span.text.replace(/\n/g, ' ⏎ ')}</bdi>
      </h2>
      {proposal && (
        <div className="proposal" role="group" aria-label={t('proposed')}>
          <strong>{t('proposed')}:</strong>{' '}
          {proposal.ambiguity ? (
            <span>{t('ambiguous', { reason: proposal.ambiguity })}</span>
          ) : (
            <span dir="ltr">
              {[
                proposal.value !== null ? `value ${proposal.value}` : null,
                proposal.min !== null ? `min ${proposal.min}` : null,
                proposal.max !== null ? `max ${proposal.max}` : null,
                `qualifier ${proposal.qualifier}`,
                proposal.outcome ? `outcome ${proposal.outcome}` : null,
                proposal.assertedZero ? 'asserted zero' : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          )}
          <div className="row">
            {!proposal.ambiguity && (
              <button type="button" className="primary" onClick={() => acceptProposal(span.id)}>
                {t('acceptProposal')}
              </button>
            )}
            <button type="button" onClick={() => dismissProposal(span.id)}>
              {t('dismiss')}
            </button>
          </div>
        </div>
      )}
      <div className="fields">
        {(def?.attributes ?? []).map((attribute, i) => (
          <AttributeField
            key={attribute.name}
            attribute={attribute}
            value={span.attributes[attribute.name]}
            span={span}
            spans={spans}
            first={i === 0}
            t={t}
            onChange={(value) => setAttribute(span.id, attribute.name, value)}
          />
        ))}
        {extra.map((name) => (
          <div className="field unfit-field" key={name}>
            <span className="field-name">{name}</span>
            <span>{String(span.attributes[name])}</span>
            <button type="button" onClick={() => setAttribute(span.id, name, undefined)}>
              {t('remove')}
            </button>
          </div>
        ))}
      </div>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      {unfit.length > 0 && (
        <ul className="unfit" role="alert">
          {unfit.map((u) => (
            <li key={`${u.attribute}:${u.message}`}>{t('unfit', { message: `${u.attribute}: ${u.message}` })}</li>
          ))}
        </ul>
      )}
      <NoteField span={span} t={t} onChange={(note) => setNote(span.id, note)} />
      <RelationsSection span={span} spans={spans} relations={relations} schema={schema} t={t} />
      <div className="row panel-actions">
        <button type="button" onClick={() => trimClitic(span.id)} aria-keyshortcuts="T">
          {t('trimClitic')}
        </button>
        <button type="button" onClick={() => setDialog({ kind: 'annotateAll', query: span.text, label: span.label, clitics: false })} aria-keyshortcuts="Shift+A">
          {t('annotateAll')}
        </button>
        <button type="button" className="danger" onClick={() => deleteSpan(span.id)} aria-keyshortcuts="Delete">
          {t('deleteSelected')}
        </button>
      </div>
    </section>
  );
});

/** Text shown for a span in pickers: its quote (shortened) and offsets. */
export function spanChoiceText(span: Span): string {
  const chars = Array.from(span.text.replace(/\n/g, ' '));
  // Unicode isolates keep the Arabic quote and the offsets from reordering each other (an
  // <option> holds text only, so <bdi> cannot be used): FSI quote PDI, LRI (start–end) PDI.
  return `\u2068${chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('')}\u2069 \u2066(${span.start}–${span.end})\u2069`;
}

function AttributeField({
  attribute,
  value,
  span,
  spans,
  first,
  t,
  onChange,
}: {
  attribute: AttributeDef;
  value: AttributeValue | undefined;
  span: Span;
  spans: readonly Span[];
  first: boolean;
  t: Translate;
  onChange: (value: AttributeValue | undefined) => void;
}) {
  const id = `attr-${attribute.name}`;
  const link = useHashiya.getState().link;
  const common = { id, 'data-first-field': first ? '' : undefined, title: attribute.help || undefined };
  let control;
  switch (attribute.type) {
    case 'choice': {
      const known = typeof value === 'string' && attribute.choices.includes(value);
      control = (
        <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{t('noValue')}</option>
          {attribute.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          {value !== undefined && !known && <option value={String(value)}>{String(value)} (!)</option>}
        </select>
      );
      break;
    }
    case 'boolean':
      control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked ? true : undefined)} />;
      break;
    case 'number':
      control = <CommitInput {...common} type="number" value={value === undefined ? '' : String(value)} onCommit={(v) => onChange(v.trim() === '' ? undefined : Number(v))} />;
      break;
    case 'text':
      control = <CommitInput {...common} type="text" value={value === undefined ? '' : String(value)} onCommit={(v) => onChange(v.trim() === '' ? undefined : v)} />;
      break;
    case 'reference': {
      const candidates = spans.filter((s) => s.id !== span.id && (attribute.targets.length === 0 || attribute.targets.includes(s.label)));
      const target = typeof value === 'string' ? value : '';
      control = (
        <SpanPicker
          {...common}
          name={attribute.name}
          candidates={candidates}
          anchor={span}
          value={target}
          t={t}
          onChange={(next) => onChange(next === '' ? undefined : next)}
          onFocus={() => link(target || null)}
          onBlur={() => link(null)}
          onMouseEnter={() => link(target || null)}
          onMouseLeave={() => link(null)}
        />
      );
      break;
    }
    default: {
      const never: never = attribute.type;
      control = <span>{String(never)}</span>;
    }
  }
  return (
    <div className="field">
      <label htmlFor={id} className="field-name">
        {attribute.name}
        {attribute.type === 'reference' && ' →'}
      </label>
      {control}
    </div>
  );
}

/**
 * A `<select>` of spans (see span-choices.ts): the nearest ones to `anchor`, the current one, and,
 * when not all candidates fit, a filter field over all of them by text. Props other than its own
 * go to the `<select>` (id, aria-label, title, focus and hover handlers).
 */
function SpanPicker({
  name,
  candidates,
  anchor,
  value,
  t,
  onChange,
  ...select
}: {
  name: string;
  candidates: readonly Span[];
  anchor: Span;
  value: string;
  t: Translate;
  onChange: (id: string) => void;
  id?: string;
  'aria-label'?: string;
  'data-first-field'?: string;
  title?: string;
  onFocus?: () => void;
  onBlur?: () => void;
  onMouseEnter?: () => void;
  onMouseLeave?: () => void;
}) {
  const [filter, setFilter] = useState('');
  const choices = useMemo(() => spanChoices(candidates, anchor, filter, value || null), [candidates, anchor, filter, value]);
  const select_ = (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('noValue')}</option>
      {choices.shown.map((c) => (
        <option key={c.id} value={c.id}>
          {c.label}: {spanChoiceText(c)}
        </option>
      ))}
      {value && !choices.shown.some((c) => c.id === value) && <option value={value}>{value} (!)</option>}
    </select>
  );
  if (choices.total <= SPAN_CHOICE_LIMIT) return select_;
  return (
    <div className="span-picker">
      {select_}
      <input type="search" dir="auto" value={filter} aria-label={t('filterSpans', { name })} placeholder={t('filterSpans', { name })} onChange={(e) => setFilter(e.target.value)} />
      <span className="muted small-print" role="status">
        {filter.trim() === '' ? t('nearestSpans', { shown: SPAN_CHOICE_LIMIT, total: choices.total }) : t('matchingSpans', { matched: choices.matched, total: choices.total })}
      </span>
    </div>
  );
}

/** An input that commits on Enter or when left, so typing a value is one undo step, not one per key. */
function CommitInput({ value, onCommit, ...rest }: { value: string; onCommit: (value: string) => void; id: string; type: string; title?: string; 'data-first-field'?: string }) {
  // The draft exists only while the user is typing; otherwise the stored value shows (undo, redo).
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <input
      {...rest}
      dir="auto"
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

function NoteField({ span, t, onChange }: { span: Span; t: Translate; onChange: (note: string) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="field note-field">
      <label htmlFor="span-note" className="field-name">
        {t('note')}
      </label>
      <textarea
        id="span-note"
        dir="auto"
        rows={2}
        value={draft ?? span.note}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== null && draft !== span.note) onChange(draft);
          setDraft(null);
        }}
      />
    </div>
  );
}

function RelationsSection({ span, spans, relations, schema, t }: { span: Span; spans: readonly Span[]; relations: readonly Relation[]; schema: Schema | undefined; t: Translate }) {
  const { addRelation, deleteRelation, link } = useHashiya.getState();
  const byId = new Map(spans.map((s) => [s.id, s]));
  const types = (schema?.relations ?? []).filter((r) => r.from.includes(span.label));
  const [type, setType] = useState(types[0]?.name ?? '');
  const chosen = types.find((r) => r.name === type) ?? types[0];
  const targets = spans.filter((s) => s.id !== span.id && !!chosen && chosen.to.includes(s.label));
  const [target, setTarget] = useState('');
  const outgoing = relations.filter((r) => r.from === span.id);
  const incoming = relations.filter((r) => r.to === span.id);

  const item = (r: Relation, other: string, arrow: string) => (
    <li key={r.id} onMouseEnter={() => link(other)} onMouseLeave={() => link(null)} data-relation-id={r.id}>
      <span className="relation-type">{r.type}</span> {arrow} <bdi dir="rtl">{byId.get(other) ? spanChoiceText(byId.get(other) as Span) : other}</bdi>
      <button type="button" className="small" onClick={() => deleteRelation(r.id)} onFocus={() => link(other)} onBlur={() => link(null)} aria-label={`${t('remove')} ${r.type}`}>
        ×
      </button>
    </li>
  );

  return (
    <div className="relations">
      <h3>{t('relations')}</h3>
      {outgoing.length > 0 && <ul aria-label={t('outgoing')}>{outgoing.map((r) => item(r, r.to, '→'))}</ul>}
      {incoming.length > 0 && <ul aria-label={t('incoming')}>{incoming.map((r) => item(r, r.from, '←'))}</ul>}
      {types.length > 0 && (
        <div className="add-relation" role="group" aria-label={t('addRelation')}>
          <select aria-label={t('relationType')} value={chosen?.name ?? ''} onChange={(e) => setType(e.target.value)}>
            {types.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
          <SpanPicker aria-label={t('target')} name={t('target')} candidates={targets} anchor={span} value={target} t={t} onChange={setTarget} onFocus={() => link(target || null)} onBlur={() => link(null)} />
          <button
            type="button"
            disabled={!chosen || !target}
            onClick={() => {
              if (chosen && target) addRelation(chosen.name, span.id, target);
              setTarget('');
            }}
          >
            {t('add')}
          </button>
        </div>
      )}
    </div>
  );
}
