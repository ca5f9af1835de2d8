-- Staff members get an internal id, the key of the administration's addresses
-- (/admin/personale/12): a fiscal code in an address ends up in request logs, browser history
-- and proxies. The fiscal code stays the primary key every other table refers to.
alter table staff add column id integer generated always as identity;
alter table staff add constraint staff_id_key unique (id);
