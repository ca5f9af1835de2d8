// What the run's global setup and the test files share about databases: where the templates are
// (handed from the one to the others with vitest's provide/inject), and the statements run on
// the PostgreSQL server itself to create and drop databases. No vitest runtime here: the global
// setup runs outside the test workers.
import pg from 'pg';

/** Where the run's templates are: database names on the server, or dump files for PGlite. */
export interface DatabaseTemplates {
  kind: 'postgres' | 'pglite';
  /** Migrated, nothing else. */
  migrated: string;
  /** Migrated, with the seed catalogue. */
  seeded: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs statements on the server's own database (CREATE/DROP DATABASE), then disconnects. */
export async function onServer<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
