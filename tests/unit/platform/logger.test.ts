// The one logger factory: JSON lines with an ISO time and the process's name, errors without
// the parts that can carry a person's data, and the usual personal fields redacted.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggerOptions } from '../../../src/platform/logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('writes errors as type, message, code and stack, without a database error\'s detail', () => {
    const { lines, stream } = capture();
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', detail: 'Key (email)=(mario.rossi@example.it) already exists.' });
    createLogger({ logLevel: 'info' }, 'worker-test', stream).error({ err: new Error('delivery failed', { cause: error }) }, 'failed');
    const [line] = lines;
    expect(line).toMatchObject({ level: 50, process: 'worker-test', msg: 'failed', err: { type: 'Error', message: 'delivery failed', cause: { code: '23505' } } });
    expect(String(line!.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(line)).not.toContain('mario.rossi');
  });

  it('redacts personal fields and secrets wherever a caller puts them', () => {
    const { lines, stream } = capture();
    createLogger({ logLevel: 'info' }, 'worker-test', stream).info({ recipient: { email: 'mario.rossi@example.it', fiscalCode: 'RSSMRA80A01H501U' }, headers: { authorization: 'Bearer s3cret' } }, 'sent');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/mario\.rossi|RSSMRA80A01H501U|s3cret/);
    expect(lines[0]).toMatchObject({ recipient: { email: '[redacted]' } });
  });

  it('logs a request as method and path, without its query string', () => {
    const serializers = loggerOptions({ logLevel: 'info' }).serializers!;
    expect(serializers.req!({ method: 'GET', url: '/servizi?q=mario.rossi', id: 'r1' })).toEqual({ method: 'GET', path: '/servizi', id: 'r1' });
  });
});
