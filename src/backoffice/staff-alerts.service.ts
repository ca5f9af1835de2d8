// Staff alerts: what the back office tells its clerks about their cases, made apart from the
// workflow. A periodic job reads the cases' event log from a stored cursor and turns the
// events the rules name (staff-alerts.rules.ts) into alerts for the people concerned; a daily
// scan adds one alert per case and due date for deadlines near or passed; each alert is shown
// in the back office and, as the person chose, e-mailed at once (the notifications outbox, in
// the transaction that writes the alert) or listed in the day's digest. Every write is keyed
// (person and event, person and due date, person and day), so a run made twice, or two at
// once, adds nothing.
import type { DB } from '../db/database.ts';
import { findStaff } from '../identity/staff.service.ts';
import { enqueueNotification } from '../notifications/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import type { CaseEventRow } from './backoffice.table.ts';
import { protocolLabel } from './case-notices.ts';
import { eventsSince, findCase, openCasesDueBy } from './case.repository.ts';
import { officesByCode, officeStaff, procedureTitles } from './directory.ts';
import { filingOf } from '../submissions/submissions.service.ts';
import * as repo from './staff-alerts.repository.ts';
import {
  DEFAULT_DEADLINE_DAYS,
  deadlineAlert,
  deliveriesOf,
  MAX_DEADLINE_DAYS,
  officeFor,
  preferenceKindOf,
  recipientsOf,
  responsibleOf,
  ruleFor,
  type PreferenceKind,
} from './staff-alerts.rules.ts';
import type { AlertDelivery, AlertFacts, AlertKind, StaffAlertRow } from './staff-alerts.table.ts';

/**
 * How far back each run reads again: events are logged with the time of their change, and a
 * transaction may commit a little after one that started later. Events met twice are skipped.
 */
export const REREAD_WINDOW_MS = 10 * 60_000;
const EVENTS_PAGE = 200;
const CASES_PAGE = 200;
const PAGE_SIZE = 50;
/** The digest lists this many alerts; the rest are counted. */
const DIGEST_ITEMS = 100;

export interface AlertPreferences {
  deliveries: Record<PreferenceKind, AlertDelivery>;
  deadlineDays: number;
  locale: 'it' | 'en';
}

export interface AlertView extends StaffAlertRow {
  href: string;
}

const casePath = (publicId: string) => `/backoffice/pratiche/${publicId}`;

function preferencesFrom(stored: repo.StoredPreferences | undefined): AlertPreferences {
  return { deliveries: deliveriesOf(stored?.deliveries), deadlineDays: stored?.deadlineDays ?? DEFAULT_DEADLINE_DAYS, locale: stored?.locale ?? 'it' };
}

/** What the e-mails say of an alert's case. */
function mailCase(facts: AlertFacts) {
  return { procedureTitle: facts.procedure, protocolNumber: facts.protocol, officeName: facts.office, link: casePath(facts.publicId), ...(facts.dueDate ? { dueDate: facts.dueDate } : {}) };
}

/** Protocol number, procedure and office of a case, as an alert keeps them. */
async function factsOf(trx: DB, c: { submission_id: number; procedure_id: number }, officeCode: string): Promise<AlertFacts> {
  // one after the other: a transaction is one connection
  const filing = await filingOf(trx, c.submission_id);
  const procedure = await procedureTitles(trx, c.procedure_id);
  const office = (await officesByCode(trx, [officeCode]))[0];
  return {
    publicId: filing.public_id,
    protocol: protocolLabel(filing) ?? filing.public_id.slice(0, 8),
    procedure: { it: procedure.title_it, en: procedure.title_en },
    office: office ? { it: office.name_it, en: office.name_en } : { it: officeCode, en: officeCode },
  };
}

/**
 * Writes the alert for each recipient (those who have it already are left out) with the
 * delivery each chose, and the e-mail of those who want it at once, in the caller's transaction.
 */
async function createAlerts(clock: Clock, trx: DB, recipients: readonly string[], alert: { kind: AlertKind; submissionId: number; dedupeKey: string; facts: AlertFacts }): Promise<number> {
  if (recipients.length === 0) return 0;
  const preferences = await repo.preferencesOf(trx, recipients);
  const now = clock();
  const deliveryOf = (fiscalCode: string) => preferencesFrom(preferences.get(fiscalCode)).deliveries[preferenceKindOf(alert.kind)];
  const written = await repo.insertAlerts(
    trx,
    recipients.map((recipient) => ({ recipient, ...alert, delivery: deliveryOf(recipient), at: now })),
  );
  for (const row of written) {
    if (deliveryOf(row.recipient_fiscal_code) !== 'immediate') continue;
    const member = await findStaff(trx, row.recipient_fiscal_code);
    if (!member?.active || !member.email) continue;
    await enqueueNotification(trx, {
      kind: 'staff.alert',
      recipientFiscalCode: row.recipient_fiscal_code,
      locale: preferencesFrom(preferences.get(row.recipient_fiscal_code)).locale,
      data: { email: member.email, alert: alert.kind, ...mailCase(alert.facts) },
      dedupeKey: `staff-alert:${row.id}`,
    });
  }
  return written.length;
}

/** The alerts of one logged event. */
async function alertsOfEvent(clock: Clock, trx: DB, event: CaseEventRow): Promise<number> {
  const rule = ruleFor(event);
  if (!rule) return 0;
  const submissionId = Number(event.submission_id);
  const c = await findCase(trx, submissionId);
  if (!c) return 0;
  const office = officeFor(rule, event, c.office_code);
  const clerks = (await officeStaff(trx, office)).map((m) => m.fiscal_code);
  const recipients = recipientsOf(rule, event, { assignee: c.assignee_fiscal_code, clerks });
  if (recipients.length === 0) return 0;
  const facts = await factsOf(trx, c, office);
  if (rule.alert === 'assigned' && event.actor_name) facts.by = event.actor_name;
  return createAlerts(clock, trx, recipients, { kind: rule.alert, submissionId, dedupeKey: `event:${submissionId}:${event.seq}`, facts });
}

/** The cases of the deadline scan, a page at a time: their alerts. */
async function deadlineAlertsOf(db: DB, clock: Clock, cases: Awaited<ReturnType<typeof openCasesDueBy>>, today: string): Promise<number> {
  let created = 0;
  for (const c of cases) {
    created += await db.transaction().execute(async (trx) => {
      const clerks = (await officeStaff(trx, c.office_code)).map((m) => m.fiscal_code);
      const responsible = responsibleOf(c.assignee_fiscal_code, clerks);
      const preferences = await repo.preferencesOf(trx, responsible);
      const byKind = new Map<AlertKind, string[]>();
      for (const person of responsible) {
        const kind = deadlineAlert(c.due_date, today, preferencesFrom(preferences.get(person)).deadlineDays);
        if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), person]);
      }
      if (byKind.size === 0) return 0;
      const facts = { ...(await factsOf(trx, c, c.office_code)), dueDate: c.due_date };
      let n = 0;
      const submissionId = Number(c.submission_id);
      // one alert per case and due date, soon or passed, whichever comes first
      for (const [kind, people] of byKind) n += await createAlerts(clock, trx, people, { kind, submissionId, dedupeKey: `deadline:${submissionId}:${c.due_date}`, facts });
      return n;
    });
  }
  return created;
}

/** One digest e-mail per person with alerts waiting for it, at most one a day. */
async function sendDigests(db: DB, clock: Clock): Promise<number> {
  const day = romeDate(clock());
  let sent = 0;
  for (const person of await repo.digestRecipients(db)) {
    sent += await db.transaction().execute(async (trx) => {
      if (await repo.digestMadeOn(trx, person, day)) return 0;
      const alerts = await repo.claimForDigest(trx, person, day);
      if (alerts.length === 0) return 0;
      const member = await findStaff(trx, person);
      if (!member?.active || !member.email) return 0;
      const preferences = preferencesFrom((await repo.preferencesOf(trx, [person])).get(person));
      const items = alerts.slice(0, DIGEST_ITEMS).map((a) => ({ alert: a.kind, ...mailCase(a.facts) }));
      const more = alerts.length - items.length;
      const result = await enqueueNotification(trx, {
        kind: 'staff.digest',
        recipientFiscalCode: person,
        locale: preferences.locale,
        data: { email: member.email, day, items, ...(more > 0 ? { more } : {}), link: '/backoffice/avvisi' },
        dedupeKey: `staff-digest:${person}:${day}`,
      });
      return result.created ? 1 : 0;
    });
  }
  return sent;
}

export function createStaffAlertsService(db: DB, options: { clock: Clock }) {
  const { clock } = options;

  return {
    /**
     * Reads the case log from the cursor and writes the alerts of the new events. The cursor row
     * stays locked for the run: a second run at the same time waits and then finds nothing new.
     */
    async consumeEvents(): Promise<{ events: number; alerts: number }> {
      return db.transaction().execute(async (trx) => {
        const readUntil = await repo.lockCursor(trx);
        const since = new Date(readUntil.getTime() - REREAD_WINDOW_MS);
        let after: { at: Date; submissionId: number; seq: number } | null = null;
        let latest = readUntil;
        let events = 0;
        let alerts = 0;
        for (;;) {
          const page = await eventsSince(trx, since, after, EVENTS_PAGE);
          if (page.length === 0) break;
          const seen = await repo.seenEvents(trx, page);
          const fresh = page.filter((e) => !seen.has(`${Number(e.submission_id)}:${e.seq}`));
          for (const event of fresh) alerts += await alertsOfEvent(clock, trx, event);
          await repo.markSeen(trx, fresh);
          events += fresh.length;
          const last = page[page.length - 1]!;
          after = { at: last.at, submissionId: Number(last.submission_id), seq: last.seq };
          if (last.at > latest) latest = last.at;
        }
        await repo.moveCursor(trx, latest);
        await repo.pruneSeen(trx, new Date(latest.getTime() - 2 * REREAD_WINDOW_MS));
        return { events, alerts };
      });
    },

    /** The daily scan: an alert per open case and due date, near (each person's days) or passed. */
    async scanDeadlines(): Promise<number> {
      const today = romeDate(clock());
      const until = addDays(today, MAX_DEADLINE_DAYS);
      let afterId = 0;
      let created = 0;
      for (;;) {
        const cases = await openCasesDueBy(db, until, afterId, CASES_PAGE);
        if (cases.length === 0) break;
        created += await deadlineAlertsOf(db, clock, cases, today);
        afterId = Number(cases[cases.length - 1]!.submission_id);
      }
      return created;
    },

    /**
     * The day's digests: one e-mail per person with the alerts waiting for it, at most one a day
     * (alerts that come after the day's digest wait for the next).
     */
    sendDigests: (): Promise<number> => sendDigests(db, clock),

    /** A page of the person's alerts (unread first), with the counts. */
    async list(fiscalCode: string, page: number): Promise<{ alerts: AlertView[]; total: number; unread: number; pages: number }> {
      const [rows, counts] = await Promise.all([repo.listAlerts(db, fiscalCode, PAGE_SIZE, (page - 1) * PAGE_SIZE), repo.countAlerts(db, fiscalCode)]);
      return { alerts: rows.map((r) => ({ ...r, href: `/backoffice/avvisi/${r.id}` })), ...counts, pages: Math.max(1, Math.ceil(counts.total / PAGE_SIZE)) };
    },

    unreadCount: (fiscalCode: string): Promise<number> => repo.countUnread(db, fiscalCode),

    /** Marks the person's alert read; another person's alert is a 404. Returns the case's address. */
    async markRead(fiscalCode: string, id: number): Promise<string> {
      const row = await repo.markRead(db, fiscalCode, id, clock());
      if (!row) throw new NotFoundError('alert');
      return casePath(row.facts.publicId);
    },

    markAllRead: (fiscalCode: string): Promise<number> => repo.markAllRead(db, fiscalCode, clock()),

    /** The person's choices (the defaults until they choose) and the address e-mails go to. */
    async preferences(fiscalCode: string): Promise<AlertPreferences & { email: string | null }> {
      const [stored, member] = await Promise.all([repo.preferencesOf(db, [fiscalCode]), findStaff(db, fiscalCode)]);
      return { ...preferencesFrom(stored.get(fiscalCode)), email: member?.email ?? null };
    },

    async savePreferences(fiscalCode: string, values: AlertPreferences): Promise<void> {
      await repo.savePreferences(db, fiscalCode, values, clock());
    },
  };
}

export type StaffAlertsService = ReturnType<typeof createStaffAlertsService>;
