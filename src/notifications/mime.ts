// A small reader of the e-mails the development mail server receives (headers, encoded words,
// multipart bodies, quoted-printable and base64), enough to show nodemailer's messages on the
// development page and to check them in tests. Not a general-purpose MIME parser.

export interface MailPart {
  contentType: string;
  filename: string | null;
  content: Buffer;
}

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  date: string;
  messageId: string;
  text: string | null;
  html: string | null;
  attachments: MailPart[];
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const index = raw.indexOf('\r\n\r\n');
  if (index >= 0) return { head: raw.subarray(0, index).toString('latin1'), body: raw.subarray(index + 4) };
  const lf = raw.indexOf('\n\n');
  if (lf >= 0) return { head: raw.subarray(0, lf).toString('latin1'), body: raw.subarray(lf + 2) };
  return { head: raw.toString('latin1'), body: Buffer.alloc(0) };
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function decodeQuotedPrintable(text: string): Buffer {
  const softBreaksRemoved = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const char = softBreaksRemoved[i]!;
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(softBreaksRemoved.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=), adjacent ones joined. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return decodeCharset(bytes, charset);
    });
}

function headerParams(value: string): { value: string; params: Record<string, string> } {
  const [main = '', ...rest] = value.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params: Record<string, string> = {};
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const key = piece.slice(0, eq).trim().toLowerCase();
    let val = piece.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1);
    // RFC 2231: filename*=utf-8''name%20with%20spaces, possibly split as filename*0*=...
    const extended = /^([^*]+)\*(\d+\*?)?\*?$/.exec(key);
    if (extended) {
      const name = extended[1]!;
      const decoded = val.includes("''") ? decodeURIComponent(val.slice(val.indexOf("''") + 2)) : val;
      params[name] = (params[name] ?? '') + decoded;
    } else {
      params[key] = decodeWords(val);
    }
  }
  return { value: main.trim().toLowerCase(), params };
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.toString('latin1'));
    default:
      return body;
  }
}

interface Leaf {
  headers: Record<string, string>;
  contentType: string;
  params: Record<string, string>;
  disposition: { value: string; params: Record<string, string> };
  content: Buffer;
}

function leaves(raw: Buffer, into: Leaf[]): Record<string, string> {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const type = headerParams(headers['content-type'] ?? 'text/plain; charset=utf-8');
  if (type.value.startsWith('multipart/') && type.params.boundary) {
    const delimiter = `--${type.params.boundary}`;
    const text = body.toString('latin1');
    const pieces = text.split(delimiter).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      const content = piece.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
      leaves(Buffer.from(content, 'latin1'), into);
    }
  } else {
    into.push({
      headers,
      contentType: type.value,
      params: type.params,
      disposition: headerParams(headers['content-disposition'] ?? 'inline'),
      content: decodeBody(body, headers['content-transfer-encoding']),
    });
  }
  return headers;
}

export function parseMail(raw: Buffer): ParsedMail {
  const parts: Leaf[] = [];
  const headers = leaves(raw, parts);
  let text: string | null = null;
  let html: string | null = null;
  const attachments: MailPart[] = [];
  for (const part of parts) {
    const filename = part.disposition.params.filename ?? part.params.name ?? null;
    const isAttachment = part.disposition.value === 'attachment' || filename !== null;
    if (!isAttachment && part.contentType === 'text/plain' && text === null) text = decodeCharset(part.content, part.params.charset);
    else if (!isAttachment && part.contentType === 'text/html' && html === null) html = decodeCharset(part.content, part.params.charset);
    else attachments.push({ contentType: part.contentType, filename, content: part.content });
  }
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    from: decodeWords(headers.from ?? ''),
    to: decodeWords(headers.to ?? ''),
    date: headers.date ?? '',
    messageId: headers['message-id'] ?? '',
    text,
    html,
    attachments,
  };
}
