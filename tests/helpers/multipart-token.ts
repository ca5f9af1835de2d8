// The CSRF token of a multipart body goes first in the body (src/platform/multipart-csrf.ts):
// this puts it in front of a body built by a test, whatever built it.
export function withToken(token: string, payload: Buffer | string, contentType: string): Buffer {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  return Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`), Buffer.isBuffer(payload) ? payload : Buffer.from(payload)]);
}
