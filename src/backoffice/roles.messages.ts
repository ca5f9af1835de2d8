// The back office's texts about roles inside an office (issue 16), in Italian and English: the
// head of office's badge, the auditor's read-only notice, and the page that refuses an
// auditor's action.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'roles.badge.head': 'Dirigente',
  'roles.readOnly.badge': 'Sola lettura',
  'roles.readOnly.notice': 'Sei revisore di questo ufficio: puoi consultare la pratica ma non compiere azioni, scrivere messaggi o note.',
  'roles.readOnly.refused.title': 'Accesso in sola lettura',
  'roles.readOnly.refused.text': 'In questo ufficio hai accesso in sola lettura: puoi consultare le pratiche ma non modificarle. Nulla è stato modificato.',
};

const en = {
  'roles.badge.head': 'Head of office',
  'roles.readOnly.badge': 'Read only',
  'roles.readOnly.notice': 'You are an auditor of this office: you can read the case but take no action and write no message or note.',
  'roles.readOnly.refused.title': 'Read-only access',
  'roles.readOnly.refused.text': 'You have read-only access in this office: you can read its cases but not change them. Nothing has been changed.',
};

export const rolesMessages = defineMessages({ it, en });
