// The promises a click day must keep, checked in the database after the load (the same ones
// tests/integration/submissions/protocol.test.ts checks at small scale):
//  - every filing whose 303 the client received is stored, with the key it was sent with;
//  - none is stored twice (one row per idempotency key; rows beyond the acknowledged ones only
//    for requests whose answer never came back);
//  - the year's protocol numbers are 1..N with no gap and no duplicate, every filing has one,
//    the register has one row per number, and numbers follow the server's receipt time.
// The promises of a capped call (cap, reserve list, ranking) are checked in call.ts.
import pg from 'pg';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Acknowledged {
  publicId: string;
  idempotencyKey: string;
}

/** Waits until the registrar has numbered every filing (or the timeout). */
export async function waitNumbered(client: pg.Client, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from submissions where protocol_number is null');
    const left = Number(rows[0]!.n);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function checkInvariants(databaseUrl: string, acknowledged: Acknowledged[], inDoubt: number): Promise<Check[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const checks: Check[] = [];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });
  try {
    const unnumbered = await waitNumbered(client);

    const { rows: stored } = await client.query<{ public_id: string; idempotency_key: string }>(
      'select s.public_id, s.idempotency_key from submissions s join unnest($1::uuid[]) as a(public_id) using (public_id)',
      [acknowledged.map((a) => a.publicId)],
    );
    const byId = new Map(stored.map((r) => [r.public_id, r.idempotency_key]));
    const missing = acknowledged.filter((a) => byId.get(a.publicId) !== a.idempotencyKey);
    check('every acknowledged filing (303 received) is stored with its key', missing.length === 0, `${acknowledged.length - missing.length}/${acknowledged.length} found${missing.length ? `; missing e.g. ${missing.slice(0, 3).map((m) => m.publicId).join(', ')}` : ''}`);

    const distinctAcks = new Set(acknowledged.map((a) => a.idempotencyKey)).size;
    const ackedTwice = acknowledged.length - new Set(acknowledged.map((a) => a.publicId)).size;
    const { rows: dupKeys } = await client.query<{ n: string }>('select count(*) as n from (select idempotency_key from submissions group by 1 having count(*) > 1) d');
    const { rows: total } = await client.query<{ n: string }>('select count(*) as n from submissions');
    const rows = Number(total[0]!.n);
    check(
      'no filing is stored twice',
      Number(dupKeys[0]!.n) === 0 && ackedTwice === 0 && rows >= distinctAcks && rows - distinctAcks <= inDoubt,
      `${rows} rows for ${distinctAcks} acknowledged filings and ${inDoubt} requests without an answer; keys stored twice: ${dupKeys[0]!.n}`,
    );

    const { rows: years } = await client.query<{ year: number; n: string; min: number; max: number; distinct_n: string }>(
      'select protocol_year as year, count(*) as n, min(protocol_number) as min, max(protocol_number) as max, count(distinct protocol_number) as distinct_n from submissions where protocol_number is not null group by 1 order by 1',
    );
    const gapless = years.every((y) => y.min === 1 && y.max === Number(y.n) && Number(y.distinct_n) === Number(y.n));
    check(
      "the year's protocol numbers have no gap and no duplicate",
      gapless && unnumbered === 0,
      years.map((y) => `${y.year}: ${y.n} filings numbered ${y.min}..${y.max}`).join('; ') + (unnumbered ? `; ${unnumbered} still without a number` : ''),
    );

    const { rows: register } = await client.query<{ n: string; mismatched: string }>(
      `select count(*) as n, count(*) filter (where s.protocol_number is distinct from r.number or s.protocol_year is distinct from r.year) as mismatched
         from protocol_register r left join submissions s on s.id = r.submission_id`,
    );
    const numbered = years.reduce((sum, y) => sum + Number(y.n), 0);
    check('the register has one row per number, matching its filing', Number(register[0]!.n) === numbered && Number(register[0]!.mismatched) === 0, `${register[0]!.n} register rows, ${register[0]!.mismatched} mismatched`);

    const { rows: order } = await client.query<{ n: string }>(
      `select count(*) as n from (
         select received_at, protocol_number, lag(protocol_number) over (partition by protocol_year order by received_at, id) as previous
           from submissions where protocol_number is not null) o
       where previous is not null and protocol_number <> previous + 1`,
    );
    check('numbers follow the server receipt time (microseconds)', Number(order[0]!.n) === 0, `${order[0]!.n} out of order`);
  } finally {
    await client.end();
  }
  return checks;
}

export function printChecks(checks: Check[], prefix = ''): boolean {
  for (const c of checks) console.log(`${c.pass ? 'PASS' : 'FAIL'} ${prefix}${c.name} (${c.detail})`);
  return checks.every((c) => c.pass);
}
