/**
 * The schema a new corpus starts with: the four labels of a conflict-news corpus (DOMAIN.md §1),
 * their attributes (aligned with ACLED, UCDP GED, ACE 2005, CAMEO and PARC) and three relation
 * types. A corpus may change it; stored values that stop fitting are kept and reported.
 */
import type { AttributeDef, Schema } from '../model.js';

function choice(name: string, choices: readonly string[], help: string): AttributeDef {
  return { name, type: 'choice', choices, targets: [], help };
}
function text(name: string, help: string): AttributeDef {
  return { name, type: 'text', choices: [], targets: [], help };
}
function number(name: string, help: string): AttributeDef {
  return { name, type: 'number', choices: [], targets: [], help };
}
function boolean(name: string, help: string): AttributeDef {
  return { name, type: 'boolean', choices: [], targets: [], help };
}
function reference(name: string, targets: readonly string[], help: string): AttributeDef {
  return { name, type: 'reference', choices: [], targets, help };
}

/**
 * Actor, Place, CasualtyCount and Claim on keys 1–4, in colours that stay readable as light
 * highlight backgrounds under dark text. Every attribute has one line of English help.
 */
export const DEFAULT_SCHEMA: Schema = {
  labels: [
    {
      name: 'Actor',
      color: '#ffd8a8',
      key: '1',
      attributes: [
        choice(
          'actor_type',
          [
            'state_forces',
            'rebel_group',
            'political_militia',
            'identity_militia',
            'civilians',
            'external_forces',
            'government',
            'international_coalition',
            'international_organisation',
            'monitor_ngo',
            'media',
            'person',
          ],
          'What kind of actor: ACLED actor types, plus governments, coalitions, organisations, monitors, media and persons.',
        ),
        text('nationality', 'Country of the actor as an ISO 3166 alpha-3 code, e.g. USA, SYR, IRN.'),
        reference('backed_by', ['Actor'], 'The actor that backs this one (مدعومة من, موالية لـ).'),
        text('canonical_name', 'One name for every spelling of this actor, e.g. "Syrian Observatory for Human Rights".'),
      ],
    },
    {
      name: 'Place',
      color: '#b2f2bb',
      key: '2',
      attributes: [
        choice(
          'level',
          ['country', 'governorate', 'district', 'city', 'neighbourhood', 'facility', 'region'],
          'Administrative level meant here: دير الزور is a city or a governorate.',
        ),
        text('gazetteer_id', 'Gazetteer identifier, e.g. GeoNames:170794.'),
        text('english_name', 'The place name in English, e.g. Deir ez-Zor.'),
      ],
    },
    {
      name: 'CasualtyCount',
      color: '#ffc9c9',
      key: '3',
      attributes: [
        choice(
          'outcome',
          ['killed', 'injured', 'killed_or_injured', 'missing', 'captured', 'unspecified'],
          'What happened to the people counted.',
        ),
        number('value', 'The number reported, when there is one (a singular noun is 1, a dual 2).'),
        number('min', 'Lowest figure of a range (بين 10 و20 قتيلا: 10).'),
        number('max', 'Highest figure of a range (بين 10 و20 قتيلا: 20).'),
        choice(
          'qualifier',
          ['exact', 'at_least', 'more_than', 'approximately', 'up_to', 'vague'],
          'How the number is hedged: على الأقل at_least, أكثر من more_than, نحو approximately, حتى up_to, عدة vague.',
        ),
        boolean('asserted_zero', 'The text says nobody was hurt (لم تقع إصابات), as opposed to saying nothing.'),
        reference('affected_party', ['Actor'], 'The actor the casualties belong to.'),
        reference('reported_by', ['Claim'], 'The claim that reports this count.'),
      ],
    },
    {
      name: 'Claim',
      color: '#d0bfff',
      key: '4',
      attributes: [
        reference('source', ['Actor'], 'Who makes the claim; leave empty for anonymous sources (مصادر).'),
        choice(
          'claim_kind',
          ['statement', 'responsibility', 'accusation', 'denial', 'threat', 'condemnation'],
          'What kind of claim, after CAMEO: statement, claim of responsibility, accusation, denial, threat, condemnation.',
        ),
        choice('direct', ['direct', 'indirect'], 'Quoted word for word (direct) or reported with إن/أن (indirect).'),
        text('cue', 'The word that introduces the claim, e.g. قال, ذكرت, بحسب, نفى.'),
        choice('certainty', ['certain', 'hedged'], 'Hedged when the text softens it, e.g. فيما يبدو.'),
      ],
    },
  ],
  relations: [
    { name: 'located_at', from: ['CasualtyCount', 'Claim', 'Actor'], to: ['Place'] },
    { name: 'part_of', from: ['Actor'], to: ['Actor'] },
    { name: 'same_as', from: ['Actor'], to: ['Actor'] },
  ],
};
