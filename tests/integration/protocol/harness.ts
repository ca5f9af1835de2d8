// The portal with the external protocol registry played by its in-process stand-in (over real
// HTTP). The queue's job polls rarely and retries late, so each test works the queue itself.
import type { ProtocolRegistryHandle } from '../../../src/protocol/registry-choice.ts';
import type { RegistryStandIn } from '../../../src/protocol/registry.stand-in.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';

export async function appWithStandInRegistry(): Promise<{ t: TestApp; registry: ProtocolRegistryHandle; standIn: RegistryStandIn }> {
  const t = await createTestApp({ PROTOCOL_REGISTRY: 'external', PROTOCOL_REGISTRY_POLL_MS: '60000', PROTOCOL_REGISTRY_TIMEOUT_MS: '10000', PROTOCOL_REGISTRY_BACKOFF_MS: '60000' });
  const registry = t.app.services.protocolRegistry;
  return { t, registry, standIn: registry.standIn()! };
}
