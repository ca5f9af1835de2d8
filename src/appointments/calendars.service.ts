// Booking calendars as the office defines them: who may change one (the head of its office, or
// an administrator), the form's fields read and checked (every refusal names its field and
// nothing is written), each change audited in its transaction; and the demo comune's
// calendars, made outside production when there are none.
import type { DB } from '../db/database.ts';
import { recordChange } from '../admin/audit.ts';
import { officeByCode, officesByCode } from '../catalogue/catalogue.service.ts';
import { NotFoundError } from '../platform/errors.ts';
import { isCalendarDate, type Clock } from '../platform/time.ts';
import type { User } from '../identity/user.ts';
import type { CalendarRow, Closure, WeeklyHours } from './appointments.table.ts';
import * as repo from './calendars.repository.ts';
import { formatIntervals, parseIntervals } from './slots.ts';

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PATRON = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The offices whose calendars the user may change: all for an administrator, those they head otherwise. */
export function managedOffices(user: User, allOffices: readonly string[]): string[] {
  if (user.roles.includes('admin')) return [...allOffices];
  return user.headOf.filter((office) => allOffices.includes(office));
}

/** The form as text fields (what the page shows and sends back). */
export type CalendarForm = Record<string, string>;

export function formOf(calendar: CalendarRow | undefined): CalendarForm {
  const hours = (calendar?.weekly_hours ?? {}) as WeeklyHours;
  return {
    officeCode: calendar?.office_code ?? '',
    nameIt: calendar?.name_it ?? '',
    nameEn: calendar?.name_en ?? '',
    procedures: (calendar?.procedure_slugs ?? []).join(', '),
    ...Object.fromEntries(WEEKDAYS.map((d) => [`hours${d}`, formatIntervals(hours[d])])),
    slotMinutes: String(calendar?.slot_minutes ?? 20),
    capacity: String(calendar?.capacity ?? 1),
    windowFromDays: String(calendar?.window_from_days ?? 1),
    windowToDays: String(calendar?.window_to_days ?? 60),
    cutoffHours: String(calendar?.cutoff_hours ?? 2),
    patronDay: calendar?.patron_day ?? '',
    closures: (calendar?.closures ?? []).map((c) => `${c.from} ${c.to}${c.label ? ` ${c.label}` : ''}`).join('\n'),
    whatToBringIt: calendar?.what_to_bring_it ?? '',
    whatToBringEn: calendar?.what_to_bring_en ?? '',
    active: calendar && !calendar.active ? '' : 'yes',
  };
}

const text = (form: CalendarForm, name: string) => (form[name] ?? '').trim();

/** The form read; the names of the fields refused (none: the input). */
export function readForm(form: CalendarForm, offices: readonly string[]): { input: repo.CalendarInput } | { refused: string[] } {
  const refused: string[] = [];
  const int = (name: string, min: number, max: number) => {
    const value = Number(text(form, name));
    if (!Number.isInteger(value) || value < min || value > max) refused.push(name);
    return value;
  };
  const officeCode = text(form, 'officeCode');
  if (!offices.includes(officeCode)) refused.push('officeCode');
  const nameIt = text(form, 'nameIt');
  const nameEn = text(form, 'nameEn');
  if (!nameIt || nameIt.length > 200) refused.push('nameIt');
  if (!nameEn || nameEn.length > 200) refused.push('nameEn');
  const procedureSlugs = text(form, 'procedures').split(',').map((s) => s.trim()).filter(Boolean);
  if (procedureSlugs.some((s) => !SLUG.test(s) || s.length > 120) || procedureSlugs.length > 20) refused.push('procedures');
  const weeklyHours: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const intervals = parseIntervals(text(form, `hours${day}`));
    if (!intervals) refused.push(`hours${day}`);
    else if (intervals.length > 0) weeklyHours[day] = intervals;
  }
  const slotMinutes = int('slotMinutes', 5, 480);
  const capacity = int('capacity', 1, 100);
  const windowFromDays = int('windowFromDays', 0, 365);
  const windowToDays = int('windowToDays', 1, 730);
  if (windowToDays < windowFromDays) refused.push('windowToDays');
  const cutoffHours = int('cutoffHours', 0, 168);
  const patronDay = text(form, 'patronDay') || null;
  if (patronDay && !PATRON.test(patronDay)) refused.push('patronDay');
  const closures: Closure[] = [];
  for (const line of text(form, 'closures').split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [from = '', to = '', ...label] = line.split(/\s+/);
    if (!isCalendarDate(from) || !isCalendarDate(to) || to < from) {
      refused.push('closures');
      break;
    }
    closures.push({ from, to, ...(label.length ? { label: label.join(' ').slice(0, 200) } : {}) });
  }
  const whatToBringIt = text(form, 'whatToBringIt').slice(0, 2000);
  const whatToBringEn = text(form, 'whatToBringEn').slice(0, 2000);
  if (refused.length > 0) return { refused: [...new Set(refused)] };
  return {
    input: { officeCode, nameIt, nameEn, procedureSlugs, weeklyHours, slotMinutes, capacity, windowFromDays, windowToDays, closures, patronDay, cutoffHours, whatToBringIt, whatToBringEn, active: text(form, 'active') === 'yes' },
  };
}

export function createCalendarsService(db: DB, options: { clock: Clock }) {
  const { clock } = options;
  return {
    list: (officeCodes: readonly string[] | null) => repo.listCalendars(db, officeCodes),
    find: (id: number) => repo.findCalendar(db, id),
    /** An office's name and address (where the appointments are), and all the offices. */
    office: (code: string) => officeByCode(db, code),
    offices: () => officesByCode(db),

    /** Saves a new calendar (id undefined) or changes one; refused fields come back, nothing written. */
    async save(actor: string, id: number | undefined, form: CalendarForm, offices: readonly string[]): Promise<{ id: number } | { refused: string[] }> {
      const read = readForm(form, offices);
      if ('refused' in read) return read;
      return db.transaction().execute(async (trx) => {
        if (id === undefined) {
          const created = await repo.insertCalendar(trx, read.input, clock());
          await recordChange(trx, actor, 'appointment-calendar.create', 'office', read.input.officeCode, { calendar: created, name: read.input.nameIt });
          return { id: created };
        }
        const before = await repo.findCalendar(trx, id);
        if (!before || !offices.includes(before.office_code)) throw new NotFoundError('calendar');
        await repo.updateCalendar(trx, id, read.input, clock());
        await recordChange(trx, actor, 'appointment-calendar.update', 'office', read.input.officeCode, { calendar: id, name: read.input.nameIt });
        return { id };
      });
    },

    /** The demo comune's calendars (dev and tests), when there are none yet. */
    async seedDemo(): Promise<number> {
      if ((await repo.countCalendars(db)) > 0) return 0;
      for (const input of DEMO_CALENDARS) await repo.insertCalendar(db, input, clock());
      return DEMO_CALENDARS.length;
    },
  };
}

const weekdays = (intervals: Array<[string, string]>, days: string[]): WeeklyHours => Object.fromEntries(days.map((d) => [d, intervals]));

// Only the CIE desk books fixed slots: the civic halls and sports grounds are concessions the
// office decides on the dates and times asked in the form (several halls, seasons, set-up
// times), which one slot length cannot model; an office may still give them a calendar.
const DEMO_CALENDARS: repo.CalendarInput[] = [
  {
    officeCode: 'anagrafe',
    nameIt: 'Sportello carta d\'identità elettronica',
    nameEn: 'Electronic identity card desk',
    procedureSlugs: ['appuntamento-carta-identita-elettronica'],
    weeklyHours: { ...weekdays([['08:30', '12:30']], ['1', '2', '3', '5']), '4': [['08:30', '12:30'], ['14:30', '17:00']] },
    slotMinutes: 20,
    capacity: 2,
    windowFromDays: 1,
    windowToDays: 60,
    closures: [{ from: '2026-08-10', to: '2026-08-14', label: 'Chiusura estiva' }],
    // Sant'Antonino, patron saint of Piacenza
    patronDay: '07-04',
    cutoffHours: 2,
    whatToBringIt: 'Una fototessera recente su sfondo bianco, il documento scaduto (o la denuncia di smarrimento o furto), la tessera sanitaria, 22,21 euro se non hai pagato con pagoPA.',
    whatToBringEn: 'A recent passport-size photo on a white background, the expired document (or the police report of loss or theft), the health insurance card, 22.21 euro if you have not paid through pagoPA.',
    active: true,
  },
];
