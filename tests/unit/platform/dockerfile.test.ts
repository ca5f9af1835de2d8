// The production image, read as text (no Docker daemon on the development machine or in CI):
// a multi-stage build on a Node.js LTS slim base, production dependencies only, a non-root user,
// a health check, compiled JavaScript as the command, a build context without local clutter, and
// a docker-compose.yml whose Node services run that image.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

interface Stage {
  base: string;
  name: string | null;
  lines: string[];
}

/** The Dockerfile's instructions (continuations joined, comments dropped), cut into stages. */
function stages(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map<string, string>();
  const result: Stage[] = [];
  for (const line of instructions) {
    const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
    if (arg && result.length === 0) args.set(arg[1]!, arg[2]!);
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const base = from[1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string, b: string) => args.get(a ?? b) ?? '');
      result.push({ base, name: from[2] ?? null, lines: [] });
    } else {
      result.at(-1)?.lines.push(line);
    }
  }
  return result;
}

describe('the Dockerfile', () => {
  const all = stages(read('Dockerfile'));
  const final = all.at(-1)!;
  const instruction = (stage: Stage, name: string) => stage.lines.filter((line) => line.toUpperCase().startsWith(`${name} `));

  it('builds in stages: one compiles, the last only runs', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    const build = all.find((s) => s.lines.some((l) => /^RUN\s+npm run build/.test(l)));
    expect(build, 'a stage runs npm run build').toBeDefined();
    expect(build!.lines.some((l) => /^RUN\s+npm ci(?!.*--omit=dev)/.test(l)), 'the build stage installs every dependency').toBe(true);
    expect(final).not.toBe(build);
    expect(final.lines.some((l) => /npm run build|npm ci(?!.*--omit=dev)/.test(l)), 'no compiling in the final stage').toBe(false);
  });

  it('runs on a slim image of a Node.js LTS line (even major, 24 or later)', () => {
    const match = /^node:(\d+)(?:\.[\d.]+)?-(?:[a-z]+-)?slim$/.exec(final.base);
    expect(match, final.base).not.toBeNull();
    const major = Number(match![1]);
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(24);
  });

  it('ships the production dependencies only: npm ci --omit=dev, no sources, tests or dev tools', () => {
    const copies = instruction(final, 'COPY');
    const modules = copies.find((l) => /node_modules/.test(l));
    const installsHere = final.lines.some((l) => /^RUN\s+npm ci\b.*--omit=dev/.test(l));
    if (!installsHere) {
      const from = /--from=(\S+)/.exec(modules ?? '')?.[1];
      const source = all.find((s) => s.name === from);
      expect(source?.lines.some((l) => /^RUN\s+npm ci\b.*--omit=dev/.test(l)), `node_modules comes from a stage with npm ci --omit=dev (${modules})`).toBe(true);
    }
    for (const copy of copies) {
      expect(copy, 'no sources, tests or TypeScript config in the final image').not.toMatch(/(^|\s)(\.\/)?(src|tests|bench|scripts)\/?(\s|$)|tsconfig|^COPY\s+\.\s/);
    }
    expect(copies.some((l) => /--from=\S+\s+\S*dist\b/.test(l)), 'dist/ from the build stage').toBe(true);
    for (const folder of ['views', 'public', 'migrations']) expect(copies.some((l) => l.includes(folder)), folder).toBe(true);
  });

  it('runs as an unprivileged user, in production mode, with a health check on /healthz and the compiled server', () => {
    const user = instruction(final, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    expect(final.lines.some((l) => /^ENV\s+.*NODE_ENV=production/.test(l))).toBe(true);
    const health = instruction(final, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]).toMatch(/\/healthz/);
    const cmd = instruction(final, 'CMD').at(-1)!;
    const command = JSON.parse(cmd.slice(4)) as string[];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe('dist/server.js');
  });
});

describe('.dockerignore', () => {
  const ignored = read('.dockerignore').split('\n').map((l) => l.trim().replace(/\/$/, '')).filter((l) => l && !l.startsWith('#'));

  it('keeps installed packages, history, tests and local data out of the build context', () => {
    for (const entry of ['node_modules', '.git', 'tests', 'data', '.env']) expect(ignored, entry).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { image?: string; build?: unknown; command?: string[]; deploy?: { replicas?: number }; volumes?: string[] }> };
  const services = compose.services;

  it('runs the portal, the worker and the migrations from the image the Dockerfile builds', () => {
    const images = new Set<string>();
    for (const name of ['migrate', 'portal', 'worker']) {
      const service = services[name];
      expect(service, name).toBeDefined();
      expect(service!.build, `${name} builds the Dockerfile`).toMatchObject({ context: '.' });
      images.add(service!.image!);
      expect((service!.command ?? []).join(' '), name).not.toMatch(/tsx|src\/|npm /);
      expect((service!.volumes ?? []).some((v) => v.startsWith('./')), `${name} mounts no source folder`).toBe(false);
    }
    expect(images.size).toBe(1);
    expect(services.migrate!.command).toEqual(['node', 'dist/db/migrate-cli.js']);
    expect(services.worker!.command).toEqual(['node', 'dist/worker.js']);
    // the portal runs the image's own command, node dist/server.js
    expect(services.portal!.command).toBeUndefined();
  });

  it('has PostgreSQL, two or more portal replicas and nginx in front with the configuration in deploy/', () => {
    expect(services.db?.image).toMatch(/^postgres:/);
    expect(services.portal?.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(services.proxy?.image).toMatch(/^nginx:/);
    expect(services.proxy?.volumes?.some((v) => v.startsWith('./deploy/nginx.conf:'))).toBe(true);
  });

  it('trusts X-Forwarded-For from the proxy\'s fixed address only (production refuses TRUST_PROXY=true)', () => {
    const raw = parse(read('docker-compose.yml'), { merge: true }) as {
      'x-sportello-env': Record<string, string>;
      services: Record<string, { networks?: { default?: { ipv4_address?: string } } }>;
    };
    const trusted = raw['x-sportello-env'].TRUST_PROXY;
    expect(trusted).not.toBe('true');
    expect(trusted).toBe(raw.services.proxy?.networks?.default?.ipv4_address);
  });
});
