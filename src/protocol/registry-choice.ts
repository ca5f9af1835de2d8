// Picks the ProtocolRegistry PROTOCOL_REGISTRY names: the built-in register (the default: nothing
// of this folder is loaded), or the external registry over REST, either the comune's
// (PROTOCOL_REGISTRY_URL) or the stand-in (registry.stand-in.ts; started in process at
// DEV_PROTOCOL_PORT when no URL is given, never in production, which refuses it).
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import type { EventLog } from '../platform/logger.ts';
import type { Clock } from '../platform/time.ts';
import type { NumberedHook } from '../submissions/protocol.ts';
import { builtInRegistry, type ProtocolRegistry } from '../submissions/protocol-registry.ts';
import type { ExternalRegistry } from './external-registry.ts';
import type { RegistryStandIn } from './registry.stand-in.ts';

export interface ProtocolRegistryHandle {
  readonly registry: ProtocolRegistry;
  /** the external registry's queue (null with the built-in register) */
  readonly external: ExternalRegistry | null;
  /** sends the registrations due (the protocol-registrations job); 0 with the built-in register */
  work(): Promise<number>;
  /** starts the in-process stand-in when it is the one configured */
  start(): Promise<void>;
  standInUrl(): string | null;
  /** the in-process stand-in, to make it down or slow (development and tests) */
  standIn(): RegistryStandIn | null;
  close(): Promise<void>;
}

export async function openProtocolRegistry(
  db: DB,
  config: Pick<Config, 'protocolRegistry' | 'protocol' | 'comune' | 'env'>,
  options: { clock: Clock; onNumbered?: NumberedHook | undefined; log?: EventLog | undefined },
): Promise<ProtocolRegistryHandle> {
  const settings = config.protocolRegistry;
  if (settings.kind === 'built-in') {
    return { registry: builtInRegistry(db, options.onNumbered), external: null, work: async () => 0, start: async () => {}, standInUrl: () => null, standIn: () => null, close: async () => {} };
  }
  if (settings.kind === 'stand-in' && config.env === 'production') throw new Error('production refuses PROTOCOL_REGISTRY=stand-in');
  const [{ createExternalRegistry }, { createRegistryClient }] = await Promise.all([import('./external-registry.ts'), import('./registry-client.ts')]);
  let standIn: RegistryStandIn | null = null;
  let url = settings.url;
  let starting: Promise<void> | undefined;
  const start = () =>
    (starting ??= (async () => {
      if (settings.kind !== 'stand-in' || url) return;
      const { startRegistryStandIn } = await import('./registry.stand-in.ts');
      standIn = await startRegistryStandIn({
        port: settings.standInPort,
        fallbackToAnyPort: true,
        clock: options.clock,
        administrationCode: config.protocol.administrationCode,
        aooCode: config.protocol.aooCode,
        registerCode: config.protocol.registerCode,
      });
      url = standIn.url;
    })());
  const client = createRegistryClient(() => ({ url: url ?? '', timeoutMs: settings.timeoutMs, auth: settings.auth }));
  const external = createExternalRegistry(db, {
    identity: {
      administrationCode: config.protocol.administrationCode,
      aooCode: config.protocol.aooCode,
      senderRegister: settings.senderRegister,
      comuneName: config.comune.name,
      classification: settings.classification,
      signingKey: settings.signingKey,
    },
    client,
    clock: options.clock,
    timeoutMs: settings.timeoutMs,
    backoffMs: settings.backoffMs,
    onNumbered: options.onNumbered,
    log: options.log,
  });
  return {
    registry: external.registry,
    external,
    work: async () => {
      await start();
      return external.work();
    },
    start,
    standInUrl: () => (standIn ? url : null),
    standIn: () => standIn,
    close: async () => {
      await starting?.catch(() => {});
      await (standIn as RegistryStandIn | null)?.close();
    },
  };
}
