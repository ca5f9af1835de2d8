// What the funnel pages show of a procedure's insight, in the person's language: the pages of
// the journey with their titles, the fields and the messages the form showed (read from their
// keys), the time bands, each count as a number or "fewer than k", and the charts (SVG drawn
// on the server by src/backoffice/charts.ts, followed on the page by tables of the same figures).
import { barChart } from '../backoffice/charts.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { formMessage, MESSAGE_KEYS, type FieldDefinition, type FormMessageKey } from '../forms/index.ts';
import type { Locale, Translate } from '../platform/i18n.ts';
import { formatNumber } from '../platform/format.ts';
import { JOURNEY_FILED } from '../submissions/journey-observer.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY } from '../submissions/submissions.service.ts';
import type { Funnel } from './insight.service.ts';
import type { CompletionBucket, ShownCount } from './insight.rules.ts';
import { OTHER_MESSAGE } from './insight.rules.ts';
import { INSIGHT_PERIODS } from './insight.service.ts';

const PAGE_KEYS: Record<string, string> = {
  [JOURNEY_PRIVACY]: 'insight.page.privacy',
  [JOURNEY_APPLICANT]: 'insight.page.applicant',
  riepilogo: 'insight.page.summary',
  [JOURNEY_FILED]: 'insight.page.filed',
};

function bucketLabel(t: Translate, bucket: CompletionBucket): string {
  const keys: Record<CompletionBucket, string> = {
    lt5m: t('insight.bucket.lt5m'),
    m5to15: t('insight.bucket.m5to15'),
    m15to60: t('insight.bucket.m15to60'),
    h1to24: t('insight.bucket.h1to24'),
    d1to7: t('insight.bucket.d1to7'),
    gt7d: t('insight.bucket.gt7d'),
  };
  return keys[bucket];
}

/** The fields of a definition by name, those of a group as "group.field". */
function fieldLabels(definition: ProcedureDefinition | undefined, locale: Locale): Map<string, string> {
  const labels = new Map<string, string>();
  const visit = (fields: readonly FieldDefinition[], prefix: string) => {
    for (const field of fields) {
      labels.set(`${prefix}${field.name}`, field.label[locale]);
      if ('fields' in field && Array.isArray(field.fields)) visit(field.fields as FieldDefinition[], `${prefix}${field.name}.`);
    }
  };
  for (const step of definition?.form.steps ?? []) visit(step.fields, '');
  return labels;
}

export function funnelView(funnel: Funnel, t: Translate, locale: Locale) {
  const { definition, minCount } = funnel;
  const count = (shown: ShownCount) => (shown.suppressed ? t('insight.fewerThan', { n: minCount }) : formatNumber(shown.value!, locale));
  const percent = (value: number | null) => (value === null ? t('insight.notShown') : `${value}%`);
  const stepTitles = new Map((definition?.form.steps ?? []).map((s) => [s.id, s.title[locale]]));
  const pageLabel = (id: string) => (PAGE_KEYS[id] ? t(PAGE_KEYS[id]) : (stepTitles.get(id) ?? id));
  const labels = fieldLabels(definition, locale);
  const messageText = (key: string, field: string) => {
    if (key === OTHER_MESSAGE || !MESSAGE_KEYS.includes(key as FormMessageKey)) return t('insight.message.other');
    return formMessage(locale, key as FormMessageKey, { label: labels.get(field) ?? field }).replace(/\{\w+\}/g, '…');
  };

  const steps = funnel.steps.map((s) => ({ label: pageLabel(s.stepId), reached: count(s.reached), abandoned: count(s.abandoned), share: percent(s.abandonedPercent), raw: s }));
  const funnelChart = barChart({
    id: 'insight-funnel',
    title: t('insight.funnel.chart'),
    description: t('insight.funnel.chartDesc'),
    series: [t('insight.funnel.reached'), t('insight.funnel.abandoned')],
    // a suppressed count draws no bar and says "fewer than k"
    bars: steps.map((s) => ({ label: s.label, values: [s.raw.reached.value ?? 0, s.raw.abandoned.value ?? 0], texts: [s.raw.reached.suppressed ? s.reached : undefined, s.raw.abandoned.suppressed ? s.abandoned : undefined] })),
  });
  const fields = funnel.fields.map((f) => ({
    step: pageLabel(f.stepId),
    field: labels.get(f.field) ?? f.field,
    messages: f.messages.map((m) => ({ text: messageText(m.key, f.field), count: formatNumber(m.count, locale) })),
    others: f.others ? count(f.others) : null,
  }));
  const buckets = funnel.completion.buckets.map((b) => ({ label: bucketLabel(t, b.id), count: count(b.count), share: percent(b.percent), raw: b }));
  const timeChart = barChart({
    id: 'insight-time',
    title: t('insight.time.chart'),
    description: t('insight.time.chartDesc'),
    series: [t('insight.time.count')],
    bars: buckets.map((b) => ({ label: b.label, values: [b.raw.count.value ?? 0], texts: [b.raw.count.suppressed ? b.count : undefined] })),
  });
  return {
    procedureTitle: locale === 'it' ? funnel.procedure.title_it : funnel.procedure.title_en,
    lead: t('insight.lead', { n: minCount }),
    range: t('insight.range', { from: funnel.from, to: funnel.to }),
    periods: INSIGHT_PERIODS.map((days) => ({ days, label: t('insight.periodDays', { days }), selected: days === funnel.days })),
    hasData: funnel.hasData,
    steps,
    funnelChart,
    fields,
    buckets,
    timeChart,
    completionTotal: count(funnel.completion.total),
    median: funnel.completion.median ? t('insight.time.median', { bucket: bucketLabel(t, funnel.completion.median) }) : null,
  };
}
