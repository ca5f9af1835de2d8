-- The payment sandbox's books leave the portal's schema: production never uses the sandbox
-- (it refuses it at boot), so its tables have no place in a production database. Migration
-- 0005 made them in every database and migrations are forward-only, so they are dropped here;
-- the sandbox makes its own when it is the payment provider (development and tests:
-- src/payments/providers/sandbox/sandbox.repository.ts, createTables). An existing development
-- database loses the sandbox's test books with this: test payments still pending there are
-- unknown to the fresh sandbox (start such a database afresh).
drop table if exists sandbox_psp_sessions;
drop table if exists sandbox_psp_positions;
