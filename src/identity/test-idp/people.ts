// The bundled test provider's people: citizens, legal representatives of companies, clerks of
// different offices, a head of office (dirigente), an auditor, an administrator, and identities broken on purpose (no fiscal number, a
// wrong check character) to try the portal's refusals. Every fiscal code and VAT number here
// is well formed and belongs to nobody real as far as the portal knows; none is real data.

import { fiscalCodeCheckChar } from '../fiscal-code.ts';

export interface TestCompany {
  name: string;
  fiscalCode: string;
  vatNumber: string;
}

export interface TestPerson {
  /** The form value: the fiscal code, or a name for the broken identities. */
  id: string;
  group: 'citizen' | 'business' | 'agent' | 'staff' | 'edge';
  /** As the provider sends it (`TINIT-...`), or null for none. */
  fiscalNumber: string | null;
  givenName: string;
  familyName: string;
  gender: 'M' | 'F';
  birthDate: string;
  placeOfBirth: { region: string; locality: string; name: string };
  email: string;
  phone: string;
  companies?: TestCompany[];
  /**
   * desk: the help desk an operator works at (src/representation/help-desk); roles: the role in
   * an office that is not a clerk's (head: dirigente; auditor: reads only)
   */
  staff?: { offices: string[]; admin: boolean; desk?: string; roles?: Record<string, 'head' | 'auditor'> };
  /** What the tester is choosing. */
  note: { it: string; en: string };
}

const roma = { region: 'Lazio', locality: 'H501', name: 'Roma' };

export const TEST_PEOPLE: readonly TestPerson[] = [
  {
    id: 'CSRGGL44L13H501E', group: 'citizen', fiscalNumber: 'TINIT-CSRGGL44L13H501E', givenName: 'Giulio', familyName: 'Cesare', gender: 'M',
    birthDate: '1944-07-13', placeOfBirth: roma, email: 'giulio.cesare@example.it', phone: '+393331234567',
    note: { it: 'Cittadino', en: 'Citizen' },
  },
  {
    id: 'LVLDAA85T50G702B', group: 'citizen', fiscalNumber: 'TINIT-LVLDAA85T50G702B', givenName: 'Ada', familyName: 'Lovelace', gender: 'F',
    birthDate: '1985-12-10', placeOfBirth: { region: 'Toscana', locality: 'G702', name: 'Pisa' }, email: 'ada.lovelace@example.it', phone: '+393337654321',
    note: { it: 'Cittadina', en: 'Citizen' },
  },
  {
    id: 'RSSMRA80A01H501U', group: 'citizen', fiscalNumber: 'TINIT-RSSMRA80A01H501U', givenName: 'Mario', familyName: 'Rossi', gender: 'M',
    birthDate: '1980-01-01', placeOfBirth: roma, email: 'mario.rossi@example.it', phone: '+393391112233',
    note: { it: 'Cittadino', en: 'Citizen' },
  },
  {
    id: 'MRNLCU00A01H501J', group: 'citizen', fiscalNumber: 'TINIT-MRNLCU00A01H501J', givenName: 'Luca', familyName: 'Marino', gender: 'M',
    birthDate: '2000-01-01', placeOfBirth: roma, email: 'luca.marino@example.it', phone: '+393401234567',
    note: { it: 'Cittadino', en: 'Citizen' },
  },
  {
    id: 'NREGNN70H70F205U', group: 'business', fiscalNumber: 'TINIT-NREGNN70H70F205U', givenName: 'Giovanna', familyName: 'Neri', gender: 'F',
    birthDate: '1970-06-30', placeOfBirth: { region: 'Lombardia', locality: 'F205', name: 'Milano' }, email: 'giovanna.neri@example.it', phone: '+393471112222',
    companies: [{ name: 'Neri Forniture S.r.l.', fiscalCode: '01199250158', vatNumber: '01199250158' }],
    note: { it: 'Legale rappresentante di un\'impresa', en: 'Legal representative of one company' },
  },
  {
    id: 'BNCPLA65D12L219E', group: 'business', fiscalNumber: 'TINIT-BNCPLA65D12L219E', givenName: 'Paolo', familyName: 'Bianchi', gender: 'M',
    birthDate: '1965-04-12', placeOfBirth: { region: 'Piemonte', locality: 'L219', name: 'Torino' }, email: 'paolo.bianchi@example.it', phone: '+393482223333',
    companies: [
      { name: 'Esempio Costruzioni S.r.l.', fiscalCode: '03334231200', vatNumber: '03334231200' },
      { name: 'Cooperativa Sociale Esempio', fiscalCode: '97735020584', vatNumber: '97735020584' },
    ],
    note: { it: 'Legale rappresentante di due imprese', en: 'Legal representative of two companies' },
  },
  {
    id: 'FRRNNA75C55A944U', group: 'staff', fiscalNumber: 'TINIT-FRRNNA75C55A944U', givenName: 'Anna', familyName: 'Ferri', gender: 'F',
    birthDate: '1975-03-15', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'anna.ferri@comune.example.it', phone: '+390511234567',
    staff: { offices: ['anagrafe'], admin: false },
    note: { it: 'Impiegata dell\'Ufficio anagrafe', en: 'Clerk of the registry office' },
  },
  {
    id: 'GLLBRN68S02F257U', group: 'staff', fiscalNumber: 'TINIT-GLLBRN68S02F257U', givenName: 'Bruno', familyName: 'Galli', gender: 'M',
    birthDate: '1968-11-02', placeOfBirth: { region: 'Emilia-Romagna', locality: 'F257', name: 'Modena' }, email: 'bruno.galli@comune.example.it', phone: '+390512345678',
    staff: { offices: ['sportello-unico-edilizia', 'suap'], admin: false },
    note: { it: 'Impiegato dello Sportello unico edilizia e del SUAP', en: 'Clerk of the building desk and the business desk (SUAP)' },
  },
  {
    id: 'CNTCRL82E60G337T', group: 'staff', fiscalNumber: 'TINIT-CNTCRL82E60G337T', givenName: 'Carla', familyName: 'Conti', gender: 'F',
    birthDate: '1982-05-20', placeOfBirth: { region: 'Emilia-Romagna', locality: 'G337', name: 'Parma' }, email: 'carla.conti@comune.example.it', phone: '+390513456789',
    staff: { offices: ['servizi-sociali', 'ambiente'], admin: false },
    note: { it: 'Impiegata dei Servizi sociali e dell\'Ufficio ambiente (segnalazioni)', en: 'Clerk of social services and of the environment office (reports)' },
  },
  {
    id: 'GRCDVD90P09F839Q', group: 'staff', fiscalNumber: 'TINIT-GRCDVD90P09F839Q', givenName: 'Davide', familyName: 'Greco', gender: 'M',
    birthDate: '1990-09-09', placeOfBirth: { region: 'Campania', locality: 'F839', name: 'Napoli' }, email: 'davide.greco@comune.example.it', phone: '+390514567890',
    staff: { offices: ['tributi'], admin: false },
    note: { it: 'Impiegato dell\'Ufficio tributi', en: 'Clerk of the local taxes office' },
  },
  {
    id: 'CLMMRT70L52A944I', group: 'staff', fiscalNumber: 'TINIT-CLMMRT70L52A944I', givenName: 'Marta', familyName: 'Colombo', gender: 'F',
    birthDate: '1970-07-12', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'marta.colombo@comune.example.it', phone: '+390516543210',
    staff: { offices: ['anagrafe', 'sportello-unico-edilizia'], admin: false, roles: { anagrafe: 'head', 'sportello-unico-edilizia': 'head' } },
    note: { it: 'Dirigente dell\'Ufficio anagrafe e dello Sportello unico edilizia', en: 'Head of the registry office and of the building desk' },
  },
  {
    id: 'VLLGRG65R03H199N', group: 'staff', fiscalNumber: 'TINIT-VLLGRG65R03H199N', givenName: 'Giorgio', familyName: 'Valli', gender: 'M',
    birthDate: '1965-10-03', placeOfBirth: { region: 'Emilia-Romagna', locality: 'H199', name: 'Ravenna' }, email: 'giorgio.valli@comune.example.it', phone: '+390517654321',
    staff: { offices: ['anagrafe', 'sportello-unico-edilizia'], admin: false, roles: { anagrafe: 'auditor', 'sportello-unico-edilizia': 'auditor' } },
    note: { it: 'Revisore (sola lettura) dell\'Ufficio anagrafe e dello Sportello unico edilizia', en: 'Auditor (read only) of the registry office and of the building desk' },
  },
  {
    id: 'MRNFRC85H58A944N', group: 'staff', fiscalNumber: 'TINIT-MRNFRC85H58A944N', givenName: 'Federica', familyName: 'Marini', gender: 'F',
    birthDate: '1985-06-18', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'federica.marini@comune.example.it', phone: '+390516789101',
    staff: { offices: ['servizi-scolastici'], admin: false },
    note: { it: 'Impiegata dei Servizi scolastici', en: 'Clerk of school services' },
  },
  {
    id: 'MRTSFN77A25A944L', group: 'staff', fiscalNumber: 'TINIT-MRTSFN77A25A944L', givenName: 'Stefano', familyName: 'Moretti', gender: 'M',
    birthDate: '1977-01-25', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'stefano.moretti@comune.example.it', phone: '+390516789102',
    staff: { offices: ['polizia-locale'], admin: false },
    note: { it: 'Agente della Polizia locale (permessi e mobilità)', en: 'Local police officer (permits and mobility)' },
  },
  {
    id: 'BRBGLI88T43D548W', group: 'staff', fiscalNumber: 'TINIT-BRBGLI88T43D548W', givenName: 'Giulia', familyName: 'Barbieri', gender: 'F',
    birthDate: '1988-12-03', placeOfBirth: { region: 'Emilia-Romagna', locality: 'D548', name: 'Ferrara' }, email: 'giulia.barbieri@comune.example.it', phone: '+390516789103',
    staff: { offices: ['cultura-sport'], admin: false },
    note: { it: 'Impiegata dell\'Ufficio cultura e sport', en: 'Clerk of the culture and sport office' },
  },
  {
    id: 'LMBRRT72M14A944L', group: 'staff', fiscalNumber: 'TINIT-LMBRRT72M14A944L', givenName: 'Roberto', familyName: 'Lombardi', gender: 'M',
    birthDate: '1972-08-14', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'roberto.lombardi@comune.example.it', phone: '+390516789104',
    staff: { offices: ['servizi-cimiteriali'], admin: false },
    note: { it: 'Impiegato dei Servizi cimiteriali', en: 'Clerk of cemetery services' },
  },
  {
    id: 'TSTPLA83D47E289X', group: 'staff', fiscalNumber: 'TINIT-TSTPLA83D47E289X', givenName: 'Paola', familyName: 'Testa', gender: 'F',
    birthDate: '1983-04-07', placeOfBirth: { region: 'Emilia-Romagna', locality: 'E289', name: 'Imola' }, email: 'paola.testa@comune.example.it', phone: '+390516789105',
    staff: { offices: ['segreteria-generale'], admin: false },
    note: { it: 'Impiegata della Segreteria generale', en: 'Clerk of the general secretariat' },
  },
  {
    id: 'RNLMRC80R21A944G', group: 'staff', fiscalNumber: 'TINIT-RNLMRC80R21A944G', givenName: 'Marco', familyName: 'Rinaldi', gender: 'M',
    birthDate: '1980-10-21', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'marco.rinaldi@comune.example.it', phone: '+390516789106',
    staff: { offices: ['lavori-pubblici'], admin: false },
    note: { it: 'Impiegato dei Lavori pubblici', en: 'Clerk of public works' },
  },
  {
    id: 'RCCLNE79B68D612V', group: 'staff', fiscalNumber: 'TINIT-RCCLNE79B68D612V', givenName: 'Elena', familyName: 'Ricci', gender: 'F',
    birthDate: '1979-02-28', placeOfBirth: { region: 'Toscana', locality: 'D612', name: 'Firenze' }, email: 'elena.ricci@comune.example.it', phone: '+390515678901',
    staff: { offices: [], admin: true },
    note: { it: 'Amministratrice del portale', en: 'Portal administrator' },
  },
  {
    id: 'BRNLCU78D15H501J', group: 'agent', fiscalNumber: 'TINIT-BRNLCU78D15H501J', givenName: 'Luca', familyName: 'Bruno', gender: 'M',
    birthDate: '1978-04-15', placeOfBirth: roma, email: 'geom.luca.bruno@example.it', phone: '+393405556677',
    note: { it: 'Professionista (geometra) che presenta pratiche per i clienti', en: 'Professional (surveyor) filing for clients' },
  },
  {
    id: 'FNTSRA72E45F205E', group: 'agent', fiscalNumber: 'TINIT-FNTSRA72E45F205E', givenName: 'Sara', familyName: 'Fontana', gender: 'F',
    birthDate: '1972-05-05', placeOfBirth: { region: 'Lombardia', locality: 'F205', name: 'Milano' }, email: 'sara.fontana@example.it', phone: '+393406667788',
    note: { it: 'SPID personale; legale rappresentante di Fontana Impianti S.r.l. nel registro delle imprese', en: 'Personal SPID; legal representative of Fontana Impianti S.r.l. in the company register' },
  },
  {
    id: 'GLLMRC88B20F205B', group: 'agent', fiscalNumber: 'TINIT-GLLMRC88B20F205B', givenName: 'Marco', familyName: 'Gallo', gender: 'M',
    birthDate: '1988-02-20', placeOfBirth: { region: 'Lombardia', locality: 'F205', name: 'Milano' }, email: 'marco.gallo@example.it', phone: '+393407778899',
    note: { it: 'Addetto autorizzato da Fontana Impianti S.r.l.', en: 'Employee authorised by Fontana Impianti S.r.l.' },
  },
  {
    id: 'RNLTRS40A41H501A', group: 'citizen', fiscalNumber: 'TINIT-RNLTRS40A41H501A', givenName: 'Teresa', familyName: 'Rinaldi', gender: 'F',
    birthDate: '1940-01-01', placeOfBirth: roma, email: 'teresa.rinaldi@example.it', phone: '+393408889900',
    note: { it: 'Cittadina servita allo sportello; poi entra con la sua identità', en: 'Citizen served at the help desk; later logs in herself' },
  },
  {
    id: 'SRTLRA81C50A944X', group: 'staff', fiscalNumber: 'TINIT-SRTLRA81C50A944X', givenName: 'Laura', familyName: 'Sarti', gender: 'F',
    birthDate: '1981-03-10', placeOfBirth: { region: 'Emilia-Romagna', locality: 'A944', name: 'Bologna' }, email: 'laura.sarti@comune.example.it', phone: '+390516789012',
    staff: { offices: [], admin: false, desk: 'urp-centro' },
    note: { it: 'Operatrice dello sportello al pubblico (URP centro)', en: 'Help-desk operator (URP, town centre)' },
  },
  {
    id: 'no-fiscal-number', group: 'edge', fiscalNumber: null, givenName: 'Senza', familyName: 'Codice', gender: 'F',
    birthDate: '1990-01-01', placeOfBirth: roma, email: 'senza.codice@example.it', phone: '+393330000001',
    note: { it: 'Identità senza codice fiscale (l\'accesso deve essere rifiutato)', en: 'Identity without a fiscal code (the login must be refused)' },
  },
  {
    id: 'bad-fiscal-number', group: 'edge', fiscalNumber: 'TINIT-CSRGGL44L13H501A', givenName: 'Codice', familyName: 'Errato', gender: 'M',
    birthDate: '1944-07-13', placeOfBirth: roma, email: 'codice.errato@example.it', phone: '+393330000002',
    note: { it: 'Codice fiscale con carattere di controllo errato (l\'accesso deve essere rifiutato)', en: 'Fiscal code with a wrong check character (the login must be refused)' },
  },
];

// Numbered citizens for load tests (bench/): a click day needs thousands of distinct people
// logging in the real way. `cittadino-<n>` (n up to 9,999,999) is a citizen with a well-formed
// codice fiscale of its own; none is listed on the provider's page.
const SYNTHETIC = /^cittadino-(\d{1,7})$/;
const MONTHS = 'ABCDEHLMPRST';

function syntheticCitizen(n: number): TestPerson {
  const town = `H${String(n % 1000).padStart(3, '0')}`;
  const day = 1 + (Math.floor(n / 1000) % 28);
  const month = Math.floor(n / 28_000) % 12;
  const year = 50 + (Math.floor(n / 336_000) % 40);
  const first15 = `TSTCTD${year}${MONTHS[month]}${String(day).padStart(2, '0')}${town}`;
  const code = `${first15}${fiscalCodeCheckChar(first15)}`;
  return {
    id: `cittadino-${n}`, group: 'citizen', fiscalNumber: `TINIT-${code}`, givenName: 'Cittadino', familyName: `Numero ${n}`, gender: 'M',
    birthDate: `19${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`, placeOfBirth: roma,
    email: `cittadino.${n}@example.it`, phone: '+393330000000',
    note: { it: 'Cittadino di prova numerato (test di carico)', en: 'Numbered test citizen (load tests)' },
  };
}

export function findTestPerson(id: string): TestPerson | undefined {
  const synthetic = SYNTHETIC.exec(id);
  if (synthetic) return syntheticCitizen(Number(synthetic[1]));
  return TEST_PEOPLE.find((p) => p.id === id);
}
