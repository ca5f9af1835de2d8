// Field type "time": a time of day on the 24-hour clock, from <input type="time"> (which sends
// hh:mm, or hh:mm:ss with a seconds step) or typed by hand where the browser shows a text box
// (9:30, 09.30). Stored as hh:mm. A definition may bound it (earliest, latest, as hh:mm) and
// give a step in minutes counted from midnight (e.g. 15: 09:00, 09:15, 09:30...).
import { z } from 'zod';
import { ft } from './fields.messages.ts';
import { inputField, SCALAR_OPERATORS } from './factories.ts';
import { inputView, TEXT_INPUT } from './shared.ts';
import type { FieldCapabilities } from './types.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeConfig = {
  earliest: z.string().regex(HHMM, 'use hh:mm, like 08:30').optional(),
  latest: z.string().regex(HHMM, 'use hh:mm, like 18:00').optional(),
  /** minutes between the times that may be chosen, counted from midnight */
  stepMinutes: z.number().int().min(1).max(720).optional(),
};

/** "9:5" is not a time; "9:05", "09:05", "09.05", "09:05:00" are. */
export function parseTime(raw: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$/.exec(raw.trim());
  if (!match) return null;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds !== 0) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const capabilities: FieldCapabilities = { value: 'text', inGroup: true, operators: SCALAR_OPERATORS, fees: [], routing: true, sample: '09:30' };

export const timeType = inputField<string, typeof timeConfig>({
  config: timeConfig,
  capabilities,
  required: 'required',
  parse: (raw, report, field, ctx) => {
    const time = parseTime(raw);
    if (!time) return report(ft(ctx.locale, 'timeInvalid', { label: ctx.label }));
    if (field.earliest && time < field.earliest) report(ft(ctx.locale, 'timeEarliest', { label: ctx.label, time: field.earliest }));
    if (field.latest && time > field.latest) report(ft(ctx.locale, 'timeLatest', { label: ctx.label, time: field.latest }));
    const step = field.stepMinutes;
    if (step && minutesOf(time) % step !== 0) {
      const example = timeOf(Math.ceil(minutesOf(field.earliest ?? '09:00') / step) * step);
      report(ft(ctx.locale, 'timeStep', { label: ctx.label, minutes: step, example }));
    }
    return time;
  },
  toInput: (answer) => answer,
  view: (input) => {
    const { field } = input;
    const view = inputView(input, { ...TEXT_INPUT, inputType: 'time', widthClass: 'w-auto' });
    const hintId = `${view.id}-hint`;
    const withHint = view.hint === null ? { ...view, hint: ft(input.locale, 'timeHint'), hintId, describedBy: [hintId, view.describedBy].filter(Boolean).join(' ') } : view;
    return {
      ...withHint,
      ...(field.stepMinutes ? { step: field.stepMinutes * 60 } : {}),
      ...(field.earliest ? { min: field.earliest } : {}),
      ...(field.latest ? { max: field.latest } : {}),
    };
  },
  summary: (answer) => [answer],
});
