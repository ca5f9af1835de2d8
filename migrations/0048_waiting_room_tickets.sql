-- The waiting room's tickets by person (src/submissions/waiting-room.ts): one ticket per person
-- and procedure, so that a person who logs in again (another browser, another device, a new
-- session) gets back the place they already had instead of a new one at the end of the line.
-- The session cookie still carries the ticket: this table is read only when a session has none.
-- `holder` is a SHA-256 of the person's fiscal code, not the code itself: the room needs to
-- recognise a person, not to know who they are.
create table waiting_room_tickets (
  procedure_slug text not null,
  holder text not null,
  rank bigint not null,
  -- the room's clock start the ticket belongs to (the call's opening time, or the first ticket
  -- of a room without one): a ticket of an earlier click day is replaced by a new one
  starts_at timestamptz not null,
  taken_at timestamptz not null,
  primary key (procedure_slug, holder)
);
