// The last-resort handlers: a rejection nobody awaits and an exception outside any request end
// up in the log as JSON lines (the process goes on after the first, exits after the second).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = path.join(import.meta.dirname, 'fixtures', 'guarded-process.ts');

function run(kind: 'rejection' | 'exception') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fixture, kind], { encoding: 'utf8', timeout: 60_000 });
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, stdout: result.stdout, lines };
}

describe('process guards', () => {
  it('log an unhandled rejection with its error, and the process goes on', () => {
    const { status, stdout, lines } = run('rejection');
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, process: 'guarded', msg: 'unhandled promise rejection', err: expect.objectContaining({ message: 'nobody awaited this' }) }));
    expect(stdout).toContain('still running');
    expect(status).toBe(0);
  });

  it('log an uncaught exception as fatal, and the process exits with 1', () => {
    const { status, lines } = run('exception');
    expect(lines).toContainEqual(expect.objectContaining({ level: 60, msg: 'uncaught exception: exiting', err: expect.objectContaining({ message: 'thrown outside any request' }) }));
    expect(status).toBe(1);
  });
});
