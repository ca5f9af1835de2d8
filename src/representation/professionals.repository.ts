// All the SQL of professional profiles: the order and registration number a professional gives
// once and every filing they make for a client carries.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProfessionalProfile } from './acting.ts';

export type { ProfessionalProfile } from './acting.ts';

export async function findProfile(db: Kysely<Database>, fiscalCode: string): Promise<ProfessionalProfile | null> {
  const row = await db.selectFrom('professional_profiles').selectAll().where('fiscal_code', '=', fiscalCode).executeTakeFirst();
  return row ? { orderName: row.order_name, registrationNumber: row.registration_number, province: row.province } : null;
}

export async function saveProfile(db: Kysely<Database>, fiscalCode: string, profile: ProfessionalProfile, at: Date): Promise<void> {
  const values = { order_name: profile.orderName, registration_number: profile.registrationNumber, province: profile.province, updated_at: at };
  await db
    .insertInto('professional_profiles')
    .values({ fiscal_code: fiscalCode, ...values })
    .onConflict((oc) => oc.column('fiscal_code').doUpdateSet(values))
    .execute();
}
