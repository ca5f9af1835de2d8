// The database connection: Kysely over a PostgreSQL server (pg) when DATABASE_URL is set, or
// over embedded PGlite (real Postgres compiled to WASM) in DATA_DIR otherwise. Both speak the
// same SQL, return the same JavaScript types and run the same migrations.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { fallbackLogger } from '../platform/logger.ts';
import type { Database } from './schema.ts';

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: DB;
  readonly kind: 'postgres' | 'pglite';
  /** The PostgreSQL server's URL (unset on PGlite), for a session kept apart from the pool. */
  readonly url?: string;
  /**
   * Runs a script of several statements (migrations) in one round trip, on the given
   * connection when one is held (so that a session lock covers it).
   */
  execScript(script: string, on?: Kysely<Database>): Promise<void>;
  /** Pool statistics for readiness and metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
  /** PGlite only: a tarball of the data folder, which `loadDataDir` starts from (test templates). */
  dumpDataDir?(): Promise<Blob>;
  /** Where the connection errors nobody awaits go from now on (the portal's or worker's logger). */
  logErrorsTo(log: DatabaseLog): void;
  close(): Promise<void>;
}

// Same JavaScript types on both engines: int8 (ids, counts) as number, and dates as the ISO
// string Postgres prints, so no time zone sneaks into a calendar date.
const INT8_OID = 20;
const DATE_OID = 1082;
const NUMERIC_OID = 1700;
pg.types.setTypeParser(INT8_OID, (value) => Number(value));
pg.types.setTypeParser(DATE_OID, (value) => value);

/** What the handle needs of a logger: the errors of connections that nobody is waiting on. */
export interface DatabaseLog {
  warn(obj: object, msg: string): void;
}

export interface DatabaseOptions {
  url?: string | undefined;
  /** PGlite data folder; 'memory://' keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
  /** PGlite only: starts from this dump of a data folder instead of an empty one (tests). */
  loadDataDir?: Blob | undefined;
  /**
   * PGlite only: its WebAssembly module compiled and its file bundle read once, for a process
   * that opens many databases (the tests): compiling them again costs seconds per database.
   */
  pgliteRuntime?: { wasmModule: WebAssembly.Module; fsBundle: Blob } | undefined;
  /** Until logErrorsTo: a logger of its own at warn level (such errors are never dropped). */
  log?: DatabaseLog | undefined;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.log ?? fallbackLogger());
  return openPglite(options.dataDir, options.loadDataDir, options.pgliteRuntime);
}

function openPostgres(url: string, poolSize: number, initialLog: DatabaseLog): DatabaseHandle {
  let log = initialLog;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // A client losing its server (restart, failover, a killed backend) must not crash the
  // process: an idle one is dropped by the pool ('error' on the pool); one checked out between
  // two queries of a transaction emits 'error' on itself, and its next query fails instead.
  // Either way the operators are told: a stream of these is a database going away.
  pool.on('error', (error) => log.warn({ err: error }, 'database: an idle connection failed and was dropped'));
  pool.on('connect', (client) => client.on('error', (error) => log.warn({ err: error }, 'database: a connection in use failed')));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    url,
    async execScript(script, on = db) {
      // No parameters: pg sends it with the simple protocol, which accepts many statements.
      await sql.raw(script).execute(on);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    logErrorsTo(next) {
      log = next;
    },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob, runtime?: DatabaseOptions['pgliteRuntime']): Promise<DatabaseHandle> {
  const location = dataDir === 'memory://' ? undefined : path.resolve(dataDir, 'pglite');
  if (location) mkdirSync(location, { recursive: true });
  // loaded when used: a process on a PostgreSQL server (production) never needs PGlite
  const [{ PGlite }, { pg_trgm }, { unaccent }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create({
    ...(location ? { dataDir: location } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    ...(runtime ? { pgliteWasmModule: runtime.wasmModule, fsBundle: runtime.fsBundle } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: {
      [INT8_OID]: (value: string) => Number(value),
      [DATE_OID]: (value: string) => value,
      [NUMERIC_OID]: (value: string) => value,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    async execScript(script) {
      // One connection only: whoever holds it is the caller.
      await pglite.exec(script);
    },
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    // in process: its errors are the failing queries' own
    logErrorsTo() {},
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
