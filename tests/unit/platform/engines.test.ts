// Every installed package runs on the oldest Node the portal supports (20.15.0): a dependency
// whose engines.node leaves it out makes `npm ci` warn (EBADENGINE) and may break at run time.
// Read from package-lock.json, so that an upgrade bringing one back fails here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// semver ships without types (no @types/semver installed): the one function used, typed here
const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean };

const OLDEST_NODE = '20.15.0';
// development tools only (never in the production image), which ask for Node 20.19: the build
// and lint run on the developers' newer Node. This list may only shrink.
const DEV_TOOLS_ON_NEWER_NODE = ['node_modules/@typescript-eslint/visitor-keys/node_modules/eslint-visitor-keys', 'node_modules/vite'];

type LockPackage = { dev?: boolean; engines?: { node?: string } | string[] };

function refusing(): Array<{ name: string; dev: boolean }> {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
  return Object.entries(lock.packages)
    .filter(([name]) => name !== '')
    .map(([name, p]) => ({ name, dev: p.dev === true, range: Array.isArray(p.engines) ? undefined : p.engines?.node }))
    .filter((p) => typeof p.range === 'string' && !semver.satisfies(OLDEST_NODE, p.range, { includePrerelease: true }))
    .map(({ name, dev }) => ({ name, dev }));
}

describe('installed packages and Node 20.15.0 (issue 21, bug 9)', () => {
  it('every package the portal runs with accepts Node 20.15.0', () => {
    expect(refusing().filter((p) => !p.dev).map((p) => p.name)).toEqual([]);
  });

  it('no development tool beyond the known ones asks for a newer Node', () => {
    expect(refusing().filter((p) => p.dev).map((p) => p.name).filter((n) => !DEV_TOOLS_ON_NEWER_NODE.includes(n))).toEqual([]);
  });
});
