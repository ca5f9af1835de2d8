-- The waiting room of a click day (src/submissions/waiting-room.ts): one row per procedure
-- whose room has opened, counting the tickets handed out since it opened, so that every portal
-- process hands out one sequence. The ticket itself travels in the person's sealed session
-- cookie: a person waiting costs no row and no read.
create table waiting_rooms (
  procedure_slug text primary key,
  opened_at timestamptz not null,
  issued bigint not null
);
