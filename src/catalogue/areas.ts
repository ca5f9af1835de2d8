// The thematic areas of the catalogue, as a comune's website groups its services (Designers
// Italia "Modello Comuni" categories). Fixed in code: a definition names one by its code.
import type { LocalizedText } from '../forms/definition.ts';

export interface Area {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  /** Bootstrap Italia sprite icon */
  icon: string;
}

export const AREAS: readonly Area[] = [
  {
    code: 'anagrafe-stato-civile',
    name: { it: 'Anagrafe e stato civile', en: 'Registry office and civil status' },
    description: { it: 'Certificati, residenza, documenti di identità, nascite, matrimoni e unioni civili.', en: 'Certificates, residence, identity documents, births, marriages and civil unions.' },
    icon: 'it-user',
  },
  {
    code: 'edilizia-urbanistica',
    name: { it: 'Edilizia e urbanistica', en: 'Building and town planning' },
    description: { it: 'Titoli edilizi, certificati urbanistici, agibilità e accesso agli atti.', en: 'Building permits, planning certificates, fitness for use and access to records.' },
    icon: 'it-pa',
  },
  {
    code: 'servizi-sociali',
    name: { it: 'Servizi sociali', en: 'Social services' },
    description: { it: 'Contributi, assistenza domiciliare, sostegno alle famiglie e agli anziani.', en: 'Benefits, home care, support for families and the elderly.' },
    icon: 'it-horn',
  },
  {
    code: 'ambiente-rifiuti',
    name: { it: 'Ambiente e rifiuti', en: 'Environment and waste' },
    description: { it: 'Raccolta rifiuti, compostaggio, verde pubblico, segnalazioni ambientali.', en: 'Waste collection, composting, public green, environmental reports.' },
    icon: 'it-tool',
  },
  {
    code: 'tributi',
    name: { it: 'Tributi', en: 'Local taxes' },
    description: { it: 'IMU, TARI, canone unico patrimoniale, rimborsi e rateizzazioni.', en: 'IMU, TARI, the single property levy, refunds and instalments.' },
    icon: 'it-card',
  },
  {
    code: 'scuola-istruzione',
    name: { it: 'Scuola e istruzione', en: 'School and education' },
    description: { it: 'Nidi, mensa, trasporto scolastico, centri estivi e borse di studio.', en: 'Nurseries, school meals, school transport, summer camps and grants.' },
    icon: 'it-files',
  },
  {
    code: 'mobilita-trasporti',
    name: { it: 'Mobilità e trasporti', en: 'Mobility and transport' },
    description: { it: 'Permessi ZTL, contrassegni disabili, passi carrabili, occupazioni stradali.', en: 'Limited traffic zone permits, disabled parking badges, driveways, road works.' },
    icon: 'it-car',
  },
  {
    code: 'attivita-produttive',
    name: { it: 'Attività produttive e commercio', en: 'Business and trade' },
    description: { it: 'Commercio, pubblici esercizi, mercati, dehors e manifestazioni.', en: 'Shops, bars and restaurants, markets, outdoor seating and events.' },
    icon: 'it-settings',
  },
  {
    code: 'cultura-sport',
    name: { it: 'Cultura, sport e tempo libero', en: 'Culture, sport and leisure' },
    description: { it: 'Impianti sportivi, sale civiche, patrocini e contributi ad associazioni.', en: 'Sports facilities, civic halls, patronage and grants to associations.' },
    icon: 'it-star-outline',
  },
  {
    code: 'servizi-cimiteriali',
    name: { it: 'Servizi cimiteriali', en: 'Cemetery services' },
    description: { it: 'Concessioni, cremazione, affido ceneri, lampade votive.', en: 'Burial concessions, cremation, custody of ashes, votive lamps.' },
    icon: 'it-flag',
  },
  {
    code: 'trasparenza-partecipazione',
    name: { it: 'Trasparenza e partecipazione', en: 'Transparency and participation' },
    description: { it: 'Accesso civico e agli atti, petizioni, albi e volontariato civico.', en: 'Access to information and records, petitions, registers and civic volunteering.' },
    icon: 'it-comment',
  },
];

export function findArea(code: string): Area | undefined {
  return AREAS.find((area) => area.code === code);
}
