-- The catalogue: the comune's offices and its procedures, each with immutable versions of its
-- definition. The listing columns of a procedure (titles, area, search vectors) mirror its
-- published version so that catalogue pages and search read one table.
create extension if not exists pg_trgm;
create extension if not exists unaccent;

-- unaccent() is only STABLE; an immutable wrapper lets indexes and generated values use it.
create or replace function immutable_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

create table offices (
  code text primary key,
  name_it text not null,
  name_en text not null,
  email text not null,
  phone text not null,
  address text not null,
  opening_hours_it text not null,
  opening_hours_en text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table procedures (
  id integer generated always as identity primary key,
  slug text not null unique,
  status text not null default 'published' check (status in ('draft', 'published', 'archived')),
  -- where the current definition came from: the shipped seed files, the builder, an import
  source text not null default 'seed' check (source in ('seed', 'builder', 'import')),
  published_version integer,
  area text not null,
  audience text not null,
  office_code text not null references offices (code),
  title_it text not null,
  title_en text not null,
  summary_it text not null,
  summary_en text not null,
  featured boolean not null default false,
  search_it tsvector not null default ''::tsvector,
  search_en tsvector not null default ''::tsvector,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index procedures_area_idx on procedures (area, title_it);
create index procedures_search_it_idx on procedures using gin (search_it);
create index procedures_search_en_idx on procedures using gin (search_en);
create index procedures_search_text_trgm_idx on procedures using gin (search_text gin_trgm_ops);

create table procedure_versions (
  procedure_id integer not null references procedures (id),
  version integer not null check (version > 0),
  definition jsonb not null,
  -- SHA-256 of the canonical definition: tells whether a seed file changed
  fingerprint text not null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (procedure_id, version)
);

-- A published version is frozen: its definition never changes (drafts and submissions keep it).
create or replace function procedure_versions_frozen() returns trigger language plpgsql as $$
begin
  if old.published_at is not null and new.definition is distinct from old.definition then
    raise exception 'procedure % version % is published and cannot change', old.procedure_id, old.version;
  end if;
  return new;
end $$;
create trigger procedure_versions_frozen before update on procedure_versions
  for each row execute function procedure_versions_frozen();
