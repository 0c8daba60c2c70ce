import type { LabelDef } from '../../shared/model';

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';
const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';

/**
 * The label whose key this key event is: the label's character itself, the same digit typed on an
 * Arabic or Persian keyboard layout (`٢`, `۲`), or the physical digit key (`Digit2`) whatever the
 * layout produces. Undefined when the event is no label's key.
 */
export function labelForKey(labels: readonly LabelDef[], event: Pick<KeyboardEvent, 'key' | 'code'>): LabelDef | undefined {
  let key = event.key;
  const digit = Math.max(ARABIC_INDIC.indexOf(key), PERSIAN.indexOf(key));
  if (digit >= 0) key = String(digit);
  return labels.find((l) => l.key !== '' && (l.key === key || (/^\d$/.test(l.key) && event.code === `Digit${l.key}`)));
}
