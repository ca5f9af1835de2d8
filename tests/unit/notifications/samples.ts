// One valid payload per notification kind: what other domains hand over when they enqueue.
import type { KindData, NotificationKind } from '../../../src/notifications/kinds.ts';

const title = { it: 'Cambio di residenza', en: 'Change of residence' };
const link = '/area-personale/richieste/7f0c';

export const SAMPLES: { [K in NotificationKind]: KindData<K> } = {
  'submission.received': { procedureTitle: title, protocolNumber: '0000042/2026', protocolDate: '2026-03-02', link, deadlineDate: '2026-04-01', submissionId: 12 },
  'integration.requested': { procedureTitle: title, protocolNumber: '0000042/2026', link, message: 'Manca la copia del documento di identità.\nAllegala per favore.', replyBy: '2026-03-20' },
  'office.message': { procedureTitle: title, protocolNumber: '0000042/2026', link, message: 'La pratica è in lavorazione.' },
  'payment.requested': { procedureTitle: title, link: '/area-personale/pagamenti/9', amountCents: 1600, noticeNumber: '302032002700000251', payeeFiscalCode: '03334231200', dueDate: '2026-04-30' },
  'payment.received': { procedureTitle: title, amountCents: 1600, noticeNumber: '302032002700000251', paidAt: '2026-03-05T10:00:00Z', link: '/area-personale/pagamenti/9' },
  'payment.failed': { procedureTitle: title, amountCents: 1600, link: '/area-personale/pagamenti/9' },
  'payment.expired': { procedureTitle: title, amountCents: 1600, noticeNumber: '302032002700000251', dueDate: '2026-04-30', link: '/area-personale/pagamenti/9' },
  decision: { procedureTitle: title, protocolNumber: '0000042/2026', link, outcome: 'rejected', message: 'Requisiti non soddisfatti.' },
  'deadline.reminder': { procedureTitle: title, protocolNumber: '0000042/2026', link, dueDate: '2026-03-20', topic: 'integration' },
  'delegation.granted': { delegatorName: 'Ada Lovelace', link: '/area-personale/deleghe/0b7e8a52-3f0e-4c1d-9a57-2f4f1d0c9e11', validFrom: '2026-03-02', validTo: '2026-12-31', access: 'full', origin: 'online' },
  'desk.receipt': { email: 'teresa.rinaldi@example.it', procedureTitle: title, protocolNumber: '0000042/2026', protocolDate: '2026-03-02', deskName: { it: 'URP - Sportello del cittadino, centro', en: 'Citizens\' desk, town centre' }, fiscalCode: 'RNLTRS40A41H501A', link },
  'staff.alert': { email: 'anna.ferri@comune.example.it', alert: 'new_filing', procedureTitle: title, protocolNumber: '0000042/2026', officeName: { it: 'Anagrafe', en: 'Registry office' }, link: '/backoffice/pratiche/7f0c' },
  'staff.digest': {
    email: 'anna.ferri@comune.example.it',
    day: '2026-03-02',
    items: [
      { alert: 'new_filing', procedureTitle: title, protocolNumber: '0000042/2026', officeName: { it: 'Anagrafe', en: 'Registry office' }, link: '/backoffice/pratiche/7f0c' },
      { alert: 'deadline_soon', procedureTitle: title, protocolNumber: '0000043/2026', officeName: { it: 'Anagrafe', en: 'Registry office' }, link: '/backoffice/pratiche/8a1d', dueDate: '2026-03-05' },
    ],
    link: '/backoffice/avvisi',
  },
  'anonymous.confirm': { email: 'chiunque@example.it', procedureTitle: title, link: '/segnalazioni/conferma/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', expiresAt: '2026-03-03T10:00:00Z' },
  'anonymous.filed': { email: 'chiunque@example.it', procedureTitle: title, protocolNumber: '0000042/2026', link: '/segnalazioni/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' },
  'contact.confirm-email': { email: 'nuovo@example.it', link: '/area-personale/preferenze/conferma-email?token=abcdefghijklmnopqrstuvwxyz' },
};

