import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../../shared/model';
import { DEFAULT_SCHEMA, validateSchema } from '../../shared/schema';
import { DEFAULT_SCHEMA as FROM_MANIFEST, parseManifest, serializeManifest } from '../../shared/corpus/manifest';

/** `name:type` of each attribute of `label`, with choices or targets after `=`. */
function attributesOf(label: string): string[] {
  const def = DEFAULT_SCHEMA.labels.find((l) => l.name === label);
  return (def?.attributes ?? []).map((a: AttributeDef) => {
    const extra = a.type === 'choice' ? `=${a.choices.join('|')}` : a.type === 'reference' ? `→${a.targets.join('|')}` : '';
    return `${a.name}:${a.type}${extra}`;
  });
}

describe('the default conflict-news schema', () => {
  it('is sound, and is the one the manifest module has always exported', () => {
    expect(validateSchema(DEFAULT_SCHEMA)).toEqual([]);
    expect(FROM_MANIFEST).toBe(DEFAULT_SCHEMA);
  });

  it('keeps the four labels on keys 1–4 with their colours', () => {
    expect(DEFAULT_SCHEMA.labels.map((l) => [l.key, l.name, l.color])).toEqual([
      ['1', 'Actor', '#ffd8a8'],
      ['2', 'Place', '#b2f2bb'],
      ['3', 'CasualtyCount', '#ffc9c9'],
      ['4', 'Claim', '#d0bfff'],
    ]);
  });

  it('gives Actor its type (ACLED inter codes plus non-combatants), nationality, backer and canonical name', () => {
    expect(attributesOf('Actor')).toEqual([
      'actor_type:choice=state_forces|rebel_group|political_militia|identity_militia|civilians|external_forces|government|international_coalition|international_organisation|monitor_ngo|media|person',
      'nationality:text',
      'backed_by:reference→Actor',
      'canonical_name:text',
    ]);
  });

  it('gives Place its level, gazetteer id and English name', () => {
    expect(attributesOf('Place')).toEqual([
      'level:choice=country|governorate|district|city|neighbourhood|facility|region',
      'gazetteer_id:text',
      'english_name:text',
    ]);
  });

  it('gives CasualtyCount outcome, value or range, qualifier, asserted zero, affected party and reporting claim', () => {
    expect(attributesOf('CasualtyCount')).toEqual([
      'outcome:choice=killed|injured|killed_or_injured|missing|captured|unspecified',
      'value:number',
      'min:number',
      'max:number',
      'qualifier:choice=exact|at_least|more_than|approximately|up_to|vague',
      'asserted_zero:boolean',
      'affected_party:reference→Actor',
      'reported_by:reference→Claim',
    ]);
  });

  it('gives Claim its source, kind (CAMEO), directness, cue and certainty', () => {
    expect(attributesOf('Claim')).toEqual([
      'source:reference→Actor',
      'claim_kind:choice=statement|responsibility|accusation|denial|threat|condemnation',
      'direct:choice=direct|indirect',
      'cue:text',
      'certainty:choice=certain|hedged',
    ]);
  });

  it('has the relation types located_at, part_of and same_as', () => {
    expect(DEFAULT_SCHEMA.relations).toEqual([
      { name: 'located_at', from: ['CasualtyCount', 'Claim', 'Actor'], to: ['Place'] },
      { name: 'part_of', from: ['Actor'], to: ['Actor'] },
      { name: 'same_as', from: ['Actor'], to: ['Actor'] },
    ]);
  });

  it('has one line of help for every attribute', () => {
    for (const label of DEFAULT_SCHEMA.labels) {
      for (const a of label.attributes) {
        expect(a.help, `${label.name}.${a.name}`).toMatch(/^[^\n]{10,200}$/);
      }
    }
  });

  it('round-trips through the manifest byte for byte', () => {
    const text = serializeManifest({ name: 'أخبار النزاع', schema: DEFAULT_SCHEMA });
    const parsed = parseManifest(text, '/corpus/hashiya.json');
    expect(parsed).toEqual({ ok: true, value: { name: 'أخبار النزاع', schema: DEFAULT_SCHEMA } });
    expect(parsed.ok && serializeManifest(parsed.value)).toBe(text);
    // Every member is written, so a hand edit sees what it may change.
    expect(text).toContain(
      [
        '          {',
        '            "name": "backed_by",',
        '            "type": "reference",',
        '            "choices": [],',
        '            "targets": [',
        '              "Actor"',
        '            ],',
        '            "help": "The actor that backs this one (مدعومة من, موالية لـ)."',
        '          },',
      ].join('\n'),
    );
  });
});
