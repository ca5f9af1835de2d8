// Puts the digital domicile side together from the configuration: the registers (INAD and
// INI-PEC through PDND, or the stand-in), the PEC channel for the outbox worker, and the receipt
// reader; outside production, when no real service is configured, the stand-ins (the registers'
// HTTP stand-in and the stand-in PEC provider, SMTP + IMAP). The notifications runtime builds it
// (portal: it starts the stand-ins; worker process: it reaches the ones the portal started).
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { ChannelSender } from '../notifications/delivery.ts';
import { PdndClient } from '../platform/pdnd.ts';
import { withFallbackPort } from '../platform/fallback-port.ts';
import type { Clock } from '../platform/time.ts';
import { noticeDocuments } from '../backoffice/notice-documents.ts';
import type { FileStorage } from '../submissions/storage.ts';
import { createHttpDomicileRegistry, DomicileUnavailableError, type DomicileRegistry } from './domicile-registry.ts';
import { createDomicileService, type DomicileService } from './domicile.service.ts';
import type { DomicileStandIn } from './domicile.stand-in.ts';
import type { DomicileRegister } from './domicile.table.ts';
import { createPecChannel } from './pec.channel.ts';
import type { PecProviderStandIn } from './pec-provider.stand-in.ts';
import { createReceiptReader, type ReceiptReader } from './pec-receipts.ts';

export interface DomicileRuntime {
  domicile: DomicileService;
  channel: ChannelSender;
  /** null: no PEC mailbox (DOMICILE_REGISTRY=none) */
  receipts: ReceiptReader | null;
  registryStandIn: DomicileStandIn | null;
  pecStandIn: PecProviderStandIn | null;
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg?: string): void;
}

async function openRegistry(config: Config, clock: Clock, mode: 'portal' | 'worker', logger: Logger): Promise<{ registry: DomicileRegistry | null; standIn: DomicileStandIn | null }> {
  const d = config.domicile;
  const timeoutMs = d.timeoutMs;
  if (d.registry === 'none') return { registry: null, standIn: null };
  if (d.registry === 'pdnd') {
    const pdnd = d.pdnd!;
    const vouchers: Record<DomicileRegister, PdndClient> = {
      INAD: new PdndClient({ ...pdnd, purposeId: d.inadPurposeId!, timeoutMs, clock }),
      'INI-PEC': new PdndClient({ ...pdnd, purposeId: d.iniPecPurposeId!, timeoutMs, clock }),
    };
    const authorization = async (register: DomicileRegister) => {
      try {
        return `Bearer ${await vouchers[register].currentVoucher()}`;
      } catch (error) {
        throw new DomicileUnavailableError(`${register}: ${(error as Error).message}`, { cause: error });
      }
    };
    return { registry: createHttpDomicileRegistry({ inadUrl: d.inadUrl!, iniPecUrl: d.iniPecUrl!, authorization, unauthorized: (r) => vouchers[r].forgetVoucher(), timeoutMs, clock }), standIn: null };
  }
  if (config.env === 'production') throw new Error('production refuses the INAD/INI-PEC stand-in (DOMICILE_REGISTRY=stand-in)');
  // loaded only outside production, where it is used
  const { DOMICILE_STAND_IN_TOKEN, startDomicileStandIn } = await import('./domicile.stand-in.ts');
  const authorization = async () => `Bearer ${DOMICILE_STAND_IN_TOKEN}`;
  if (d.inadUrl && d.iniPecUrl) return { registry: createHttpDomicileRegistry({ inadUrl: d.inadUrl, iniPecUrl: d.iniPecUrl, authorization, timeoutMs, clock }), standIn: null };
  if (mode === 'worker') {
    const base = `http://127.0.0.1:${d.standInPort}`;
    return { registry: createHttpDomicileRegistry({ inadUrl: `${base}/inad`, iniPecUrl: `${base}/inipec`, authorization, timeoutMs, clock }), standIn: null };
  }
  const standIn = await withFallbackPort(d.standInPort, (port) => startDomicileStandIn({ port, clock }), logger, 'INAD/INI-PEC stand-in');
  return { registry: createHttpDomicileRegistry({ inadUrl: standIn.inadUrl, iniPecUrl: standIn.iniPecUrl, authorization, timeoutMs, clock }), standIn };
}

async function openMailbox(config: Config, clock: Clock, mode: 'portal' | 'worker', logger: Logger): Promise<{ mailbox: { smtpUrl: string; imapUrl: string; from: string } | null; standIn: PecProviderStandIn | null }> {
  const d = config.domicile;
  if (d.pec) return { mailbox: d.pec, standIn: null };
  if (d.registry === 'none') return { mailbox: null, standIn: null };
  if (config.env === 'production') throw new Error('production needs PEC_SMTP_URL, PEC_IMAP_URL and PEC_FROM: the stand-in PEC provider is refused');
  const { PEC_STAND_IN_PASSWORD, PEC_STAND_IN_USER, startPecProviderStandIn } = await import('./pec-provider.stand-in.ts');
  if (mode === 'worker') {
    return { mailbox: { smtpUrl: `smtp://127.0.0.1:${d.pecSmtpPort}`, imapUrl: `imap://${encodeURIComponent(PEC_STAND_IN_USER)}:${PEC_STAND_IN_PASSWORD}@127.0.0.1:${d.pecImapPort}`, from: PEC_STAND_IN_USER }, standIn: null };
  }
  const standIn = await withFallbackPort(d.pecSmtpPort, (smtpPort) => startPecProviderStandIn({ smtpPort, imapPort: smtpPort === 0 ? 0 : d.pecImapPort, clock }), logger, 'stand-in PEC provider');
  return { mailbox: { smtpUrl: standIn.smtpUrl, imapUrl: standIn.imapUrl, from: standIn.from }, standIn };
}

export async function startDomicileRuntime(options: { db: DB; config: Config; clock: Clock; mode: 'portal' | 'worker'; logger?: Logger; storage?: FileStorage }): Promise<DomicileRuntime> {
  const { db, config, clock, mode } = options;
  const logger = options.logger ?? { warn() {} };
  const { registry, standIn: registryStandIn } = await openRegistry(config, clock, mode, logger);
  let opened: Awaited<ReturnType<typeof openMailbox>>;
  try {
    opened = await openMailbox(config, clock, mode, logger);
  } catch (error) {
    await registryStandIn?.close();
    throw error;
  }
  const { mailbox, standIn: pecStandIn } = opened;
  const domicile = createDomicileService(db, { clock, registry: mailbox ? registry : null, cacheSeconds: config.domicile.cacheSeconds });
  const storage = options.storage;
  const documents = storage ? (submissionId: number, kind: string) => noticeDocuments(db, storage, submissionId, kind) : undefined;
  const channel = createPecChannel({ db, domicile, smtpUrl: mailbox?.smtpUrl ?? null, from: mailbox?.from ?? '', baseUrl: config.baseUrl, comuneName: config.comune.name, ...(documents ? { documents } : {}) });
  const receipts = mailbox ? createReceiptReader({ imapUrl: mailbox.imapUrl, domicile, logger, timeoutMs: config.domicile.timeoutMs * 4 }) : null;
  return {
    domicile,
    channel,
    receipts,
    registryStandIn,
    pecStandIn,
    async close() {
      channel.close?.();
      await Promise.all([registryStandIn?.close(), pecStandIn?.close()]);
    },
  };
}
