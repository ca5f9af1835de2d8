// The comune's codes the protocol tests build segnature with.
import type { SegnaturaIdentity } from '../../../src/protocol/segnatura.ts';

export const TEST_IDENTITY: SegnaturaIdentity = {
  administrationCode: 'c_x000',
  aooCode: 'AOO_01',
  senderRegister: 'PORTALE',
  comuneName: 'Comune di Esempio',
  classification: { code: '1.1', name: 'Istanze presentate online' },
  signingKey: 'a-test-key-of-some-length',
};
