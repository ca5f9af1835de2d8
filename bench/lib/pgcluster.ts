// A private PostgreSQL cluster for the crash script: initdb in a temporary folder, its own port
// and socket folder, started and SIGKILLed at will without harming anybody else's server.
// Run as root it runs the server as the `postgres` system user (PostgreSQL refuses root).
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

// PG_BIN, else pg_config's folder when it holds the server (pg_config may come with the client
// library alone), else the newest of Debian's /usr/lib/postgresql/<version>/bin
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const hasServer = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    if (hasServer(dir)) return dir;
  } catch {
    // no pg_config
  }
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(base, v, 'bin')).find(hasServer);
  if (!found) throw new Error('PostgreSQL binaries not found: set PG_BIN to the folder holding initdb and postgres');
  return found;
}

function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

export interface PrivateCluster {
  dir: string;
  port: number;
  /** URL of the `postgres` database (to create others from) */
  adminUrl: string;
  start(): Promise<void>;
  /** SIGKILL the postmaster and every backend: a crash, not a shutdown */
  kill(): Promise<void>;
  /** a clean stop, and the folder removed */
  destroy(): Promise<void>;
}

function postmasterPid(dir: string): number | null {
  try {
    return Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const result: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) result.push(Number(entry));
    } catch {
      // gone
    }
  }
  return result;
}

export async function createPrivateCluster(port: number): Promise<PrivateCluster> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'sportello-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = path.join(dir, 'data');
  const [cmd, args] = asServerUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  execFileSync(cmd, args, { stdio: 'ignore' });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;

  async function waitUp(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('select 1');
        await client.end();
        return;
      } catch (error) {
        await client.end().catch(() => {});
        if (Date.now() > deadline) throw new Error(`private PostgreSQL not up on ${port}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  const cluster: PrivateCluster = {
    dir,
    port,
    adminUrl,
    async start() {
      const [c, a] = asServerUser(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on', '-c', 'synchronous_commit=on']);
      const child = spawn(c, a, { stdio: 'ignore', detached: true });
      child.unref();
      await waitUp();
    },
    async kill() {
      const pid = postmasterPid(data);
      if (!pid || !alive(pid)) return;
      const backends = childrenOf(pid);
      process.kill(pid, 'SIGKILL');
      for (const b of backends) {
        try {
          process.kill(b, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      const deadline = Date.now() + 10_000;
      while ((alive(pid) || backends.some(alive)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
    async destroy() {
      const pid = postmasterPid(data);
      if (pid && alive(pid)) {
        process.kill(pid, 'SIGINT');
        const deadline = Date.now() + 15_000;
        while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (alive(pid)) await cluster.kill();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
