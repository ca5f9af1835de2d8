// The administration's texts about roles inside an office (issue 16), in Italian and English:
// the page that sets a member's role (clerk, head of office, auditor) and procedures in each of
// their offices, its confirmation, its refusals and its audit entry.
import { defineMessages } from '../platform/message-catalogue.ts';

const it = {
  'admin.staffRoles.link': 'Ruoli negli uffici',
  'admin.staffRoles.title': 'Ruoli negli uffici di {name}',
  'admin.staffRoles.lead': 'Per ogni ufficio scegli il ruolo e, se serve, i soli procedimenti che la persona tratta. Il cambio vale dalla sua prossima pagina.',
  'admin.staffRoles.none': 'Questa persona non lavora in alcun ufficio: aggiungi prima gli uffici nella sua scheda.',
  'admin.staffRoles.role': 'Ruolo in {office}',
  'admin.staffRoles.roleHint': 'Il dirigente fa tutto ciò che fa un impiegato e in più adotta i provvedimenti e riapre le pratiche concluse; il revisore consulta pratiche, coda e statistiche senza poter agire.',
  'admin.staffRoles.role.clerk': 'Impiegato',
  'admin.staffRoles.role.head': 'Dirigente',
  'admin.staffRoles.role.auditor': 'Revisore (sola lettura)',
  'admin.staffRoles.procedures': 'Procedimenti trattati in {office}',
  'admin.staffRoles.proceduresHint': 'Nessuna casella selezionata: tutti i procedimenti dell\'ufficio.',
  'admin.staffRoles.allProcedures': 'tutti i procedimenti',
  'admin.staffRoles.noProcedures': 'L\'ufficio non ha procedimenti.',
  'admin.staffRoles.review': 'Controlla le modifiche',
  'admin.staffRoles.confirmTitle': 'Confermi i ruoli di {name}?',
  'admin.staffRoles.confirmLead': 'Questi sono i ruoli che avrà dopo la conferma:',
  'admin.staffRoles.changed': 'modificato',
  'admin.staffRoles.confirm': 'Conferma',
  'admin.staffRoles.back': 'Torna a modificare',
  'admin.staffRoles.unchanged': 'Nessuna modifica da salvare.',
  'admin.staffRoles.error.office': 'L\'ufficio «{office}» non è tra quelli della persona',
  'admin.staffRoles.error.role': 'Scegli il ruolo in {office}',
  'admin.staffRoles.error.procedure': 'Scegli solo procedimenti di {office}',
  'admin.audit.action.staff.roles': 'Ruoli negli uffici modificati',
};

const en = {
  'admin.staffRoles.link': 'Roles in offices',
  'admin.staffRoles.title': 'Roles of {name} in offices',
  'admin.staffRoles.lead': 'For each office choose the role and, if needed, the only procedures the person handles. The change applies from their next page.',
  'admin.staffRoles.none': 'This person works in no office: add the offices in their record first.',
  'admin.staffRoles.role': 'Role in {office}',
  'admin.staffRoles.roleHint': 'The head of office does everything a clerk does and also adopts decisions and reopens closed cases; the auditor reads cases, queue and statistics and cannot act.',
  'admin.staffRoles.role.clerk': 'Clerk',
  'admin.staffRoles.role.head': 'Head of office',
  'admin.staffRoles.role.auditor': 'Auditor (read only)',
  'admin.staffRoles.procedures': 'Procedures handled in {office}',
  'admin.staffRoles.proceduresHint': 'No box ticked: all the office\'s procedures.',
  'admin.staffRoles.allProcedures': 'all procedures',
  'admin.staffRoles.noProcedures': 'The office has no procedures.',
  'admin.staffRoles.review': 'Review the changes',
  'admin.staffRoles.confirmTitle': 'Confirm the roles of {name}?',
  'admin.staffRoles.confirmLead': 'These are the roles they will have once you confirm:',
  'admin.staffRoles.changed': 'changed',
  'admin.staffRoles.confirm': 'Confirm',
  'admin.staffRoles.back': 'Go back and change',
  'admin.staffRoles.unchanged': 'No changes to save.',
  'admin.staffRoles.error.office': 'The office «{office}» is not one of the person\'s',
  'admin.staffRoles.error.role': 'Choose the role in {office}',
  'admin.staffRoles.error.procedure': 'Choose only procedures of {office}',
  'admin.audit.action.staff.roles': 'Roles in offices changed',
};

export const staffRolesMessages = defineMessages({ it, en });
