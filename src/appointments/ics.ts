// The .ics file of a booking (RFC 5545, made with the `ics` package): times written in UTC (the
// instants the slots were booked at, so no time-zone table is needed by the reader), the same
// UID for the whole life of a booking, a SEQUENCE that grows each time it moves or is
// cancelled, so calendar applications update the event they already have instead of adding one.
import { createEvent, type EventAttributes } from 'ics';

export interface IcsBooking {
  uid: string;
  sequence: number;
  cancelled: boolean;
  startsAt: Date;
  endsAt: Date;
  title: string;
  description: string;
  location: string;
  /** the request's page on the portal, absolute */
  url?: string | undefined;
  /** the moment the file is made (DTSTAMP) */
  stamp: Date;
}

export function bookingIcs(booking: IcsBooking): string {
  // DTSTAMP: the package reads `timestamp` though its types do not declare it
  const attributes = {
    productId: 'sportello/appointments',
    method: booking.cancelled ? 'CANCEL' : 'PUBLISH',
    uid: `${booking.uid}@sportello`,
    sequence: booking.sequence,
    status: booking.cancelled ? 'CANCELLED' : 'CONFIRMED',
    start: booking.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: booking.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    timestamp: booking.stamp.getTime(),
    title: booking.title,
    description: booking.description,
    location: booking.location,
    ...(booking.url ? { url: booking.url } : {}),
  };
  const { error, value } = createEvent(attributes as EventAttributes);
  if (error || !value) throw error ?? new Error('ics: no value');
  return value;
}
