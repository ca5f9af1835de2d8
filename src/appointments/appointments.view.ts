// What the appointment pages show: a week of free slots as days of radio buttons, a booking's
// date, time, place and what to bring, and its .ics file. Shared by the journey's page, the
// person's request page and the office's day list.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatDate } from '../platform/format.ts';
import type { Locale } from '../platform/i18n.ts';
import { addDays } from '../platform/time.ts';
import type { WeekView } from './appointments.service.ts';
import type { BookingWithSlot } from './bookings.repository.ts';
import type { CalendarRow } from './appointments.table.ts';
import { bookingIcs } from './ics.ts';
import { isoWeekday } from './slots.ts';

/** The day of the week of a date, in the person's language. */
function weekdayName(request: FastifyRequest, date: string): string {
  const weekday = isoWeekday(date);
  return request.t(`appointments.weekday.${weekday}`);
}

/** The week as the slot list shows it: each day with its times, labelled for screen readers too. */
export function weekModel(request: FastifyRequest, week: WeekView, href: (week: string) => string, checked?: string) {
  const t = request.t;
  return {
    heading: t('appointments.week', { from: formatDate(week.start, request.locale), to: formatDate(addDays(week.start, 6), request.locale) }),
    days: week.days.map((day, d) => ({
      id: `day-${d}`,
      label: `${weekdayName(request, day.date)} ${formatDate(day.date, request.locale)}`,
      slots: day.slots.map((slot, s) => ({
        id: `slot-${d}-${s}`,
        value: slot.value,
        label: slot.free === 1 ? t('appointments.freeSeat', { time: slot.time }) : t('appointments.freeSeats', { time: slot.time, free: slot.free }),
        checked: slot.value === checked,
      })),
    })),
    previousHref: week.previous ? href(week.previous) : null,
    nextHref: week.next ? href(week.next) : null,
  };
}

export const calendarName = (calendar: CalendarRow, locale: Locale) => (locale === 'it' ? calendar.name_it : calendar.name_en);

/** Where: the office's name and address. */
export async function placeOf(app: FastifyInstance, calendar: CalendarRow, locale: Locale): Promise<string> {
  const office = await app.services.calendars.office(calendar.office_code);
  if (!office) return calendarName(calendar, locale);
  return `${calendarName(calendar, locale)}, ${locale === 'it' ? office.name_it : office.name_en}, ${office.address}`;
}

/** A booking as its panel shows it. */
export async function bookingModel(app: FastifyInstance, request: FastifyRequest, booking: BookingWithSlot, calendar: CalendarRow) {
  const locale = request.locale;
  return {
    when: formatDate(booking.starts_at, locale, { withTime: true }),
    place: await placeOf(app, calendar, locale),
    bring: locale === 'it' ? calendar.what_to_bring_it : calendar.what_to_bring_en,
    status: booking.status,
    statusLabel: request.t(`appointments.status.${booking.status}`),
  };
}

/** The booking's .ics file, in the person's language. */
export async function bookingFile(app: FastifyInstance, request: FastifyRequest, booking: BookingWithSlot, calendar: CalendarRow): Promise<string> {
  const locale = request.locale;
  const link = `${app.config.baseUrl}/area-personale/richieste/${booking.public_id}`;
  const bring = locale === 'it' ? calendar.what_to_bring_it : calendar.what_to_bring_en;
  return bookingIcs({
    uid: booking.uid,
    sequence: booking.sequence,
    cancelled: booking.status === 'cancelled',
    startsAt: booking.starts_at,
    endsAt: booking.ends_at,
    title: request.t('appointments.ics.title', { name: calendarName(calendar, locale) }),
    description: [bring, request.t('appointments.ics.request', { link })].filter(Boolean).join('\n\n'),
    location: await placeOf(app, calendar, locale),
    url: link,
    stamp: app.services.clock(),
  });
}
