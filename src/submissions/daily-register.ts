// The daily protocol register: the registrations of one Rome calendar day, in number order,
// incoming and outgoing (verso), with the segnatura fields of each, as CSV (one line per registration).
import type { DB } from '../db/database.ts';
import { protocolNumberText, segnaturaText, type Segnatura } from './receipt.ts';
import { registrationsOfDay } from './protocol.repository.ts';

function cell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function dailyRegisterCsv(db: DB, segnatura: Segnatura, day: string): Promise<string> {
  const rows = await registrationsOfDay(db, day);
  const lines = ['segnatura,anno,numero,data_registrazione,verso,mittente,destinatario,oggetto,documenti'];
  for (const row of rows) {
    const documents = row.fingerprints.map((f) => `${f.name} sha256:${f.sha256}`).join('; ');
    lines.push(
      [
        segnaturaText(segnatura, row.year, row.number, row.registered_at),
        String(row.year),
        protocolNumberText(row.number),
        row.registered_at.toISOString(),
        row.direction,
        row.sender,
        row.recipient ?? '',
        row.subject,
        documents,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
