// Privacy over the life of the data (docs/retention.md): the retention job and its dry run, the
// legal holds, and the records of processing and privacy notices made from the same policies.
import { officeByCode, publishedDefinitions, publishedProcedure } from '../catalogue/catalogue.service.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Clock } from '../platform/time.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { createHoldsService } from './holds.service.ts';
import { recordOfProcessing, type RecordOfProcessing } from './processing-record.ts';
import { createRetentionService } from './retention.service.ts';

export function createPrivacyService(db: DB, deps: { clock: Clock; storage: FileStorage; config: Pick<Config, 'comune' | 'privacy' | 'notifications'> }) {
  const { config } = deps;

  async function recordFor(definition: Parameters<typeof recordOfProcessing>[0]): Promise<RecordOfProcessing> {
    const office = await officeByCode(db, definition.office);
    return recordOfProcessing(definition, {
      comuneName: config.comune.name,
      dpoEmail: config.privacy.dpoEmail,
      dpoPec: config.privacy.dpoPec,
      office,
      ioEnabled: config.notifications.io.enabled,
    });
  }

  return {
    retention: createRetentionService(db, { clock: deps.clock, storage: deps.storage, batch: config.privacy.retentionBatch }),
    holds: createHoldsService(db, { clock: deps.clock }),

    /** The records of processing of every published procedure (GDPR art. 30). */
    async records(): Promise<RecordOfProcessing[]> {
      const rows = (await publishedDefinitions(db)).filter((r) => r.status === 'published');
      return Promise.all(rows.map((r) => recordFor(r.definition)));
    },

    /** The privacy notice of a published procedure (GDPR art. 13); 404 when there is none. */
    async notice(slug: string): Promise<RecordOfProcessing> {
      const procedure = await publishedProcedure(db, slug);
      if (!procedure) throw new NotFoundError(`procedure ${slug}`);
      return recordFor(procedure.definition);
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
