// Row type of the click day's waiting room (migrations/0008_waiting_room.sql): one row per
// procedure whose room has opened, counting the tickets handed out since it opened.
import type { ColumnType } from 'kysely';

export interface WaitingRoomsTable {
  procedure_slug: string;
  opened_at: Date;
  /** bigint: the driver reads it as a string */
  issued: ColumnType<string | number, number, number>;
}

/** One ticket per person and procedure (migrations/0048_waiting_room_tickets.sql). */
export interface WaitingRoomTicketsTable {
  procedure_slug: string;
  /** SHA-256 of the person's fiscal code */
  holder: string;
  rank: ColumnType<string | number, number, number>;
  starts_at: Date;
  taken_at: Date;
}
