// How a step shows its prefilled answers: beside each, the register and the date it came from
// ("Dato da ANPR, 4 dicembre 2026"), its inputs read-only when the procedure keeps the value as
// the register gave it, and, where a register did not answer, a note asking the person to fill
// it in. A value the person has changed (where they may) loses its mark.
import { fieldModule, findStep, inputId, type Answers, type FieldView, type FormDefinition, type StepValues, type StepView } from '../forms/index.ts';
import { formatDate } from '../platform/format.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import { sameAnswer, type PrefillMark, type StepPrefill } from './prefill.service.ts';

function withNote(view: FieldView, text: string, readonly: boolean): FieldView {
  const id = `${inputId(view.name)}-prefill`;
  const describedBy = [id, view.describedBy].filter(Boolean).join(' ');
  const marked = { ...view, prefill: { text, id }, describedBy, readonly };
  return marked.kind === 'composite' ? { ...marked, parts: marked.parts.map((part) => ({ ...part, readonly })) } : marked;
}

export function markPrefilled(view: StepView, prefill: StepPrefill, values: StepValues, definition: FormDefinition, locale: Locale): StepView {
  if (Object.keys(prefill.marks).length === 0 && Object.keys(prefill.unavailable).length === 0) return view;
  const t = translator(locale);
  const fields = new Map(findStep(definition, view.stepId).fields.map((f) => [f.name, f]));
  return {
    ...view,
    fields: view.fields.map((fieldView) => {
      const field = fields.get(fieldView.name);
      const mark = prefill.marks[fieldView.name];
      if (field && mark) {
        const shown = values[field.name];
        if (mark.editable && shown !== undefined && !sameAnswer(shown, fieldModule(field.type).toInput(mark.value, field, locale))) return fieldView;
        const register = t(`prefill.register.${mark.register}`);
        return withNote(fieldView, t(mark.editable ? 'prefill.from' : 'prefill.fromLocked', { register, date: formatDate(mark.fetchedAt, locale) }), !mark.editable);
      }
      const missing = prefill.unavailable[fieldView.name];
      return missing ? withNote(fieldView, t('prefill.unavailable', { register: t(`prefill.register.${missing}`) }), false) : fieldView;
    }),
  };
}

/** The clerk's mark beside each filed answer that is the register's value ("da ANPR, 4 dicembre 2026"), by field. */
export function caseMarks(marks: Record<string, PrefillMark>, filed: Answers, locale: Locale): Record<string, string> {
  const t = translator(locale);
  return Object.fromEntries(
    Object.entries(marks)
      .filter(([field, mark]) => filed[field] !== undefined && sameAnswer(filed[field], mark.value))
      .map(([field, mark]) => [field, t('prefill.caseMark', { register: t(`prefill.register.${mark.register}`), date: formatDate(mark.fetchedAt, locale) })]),
  );
}
