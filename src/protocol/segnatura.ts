// The segnatura informatica di protocollo (AgID 2021 guidelines, Allegato 6, SegnaturaInformatica
// 3.0.0; schema in ./schema/segnatura_protocollo.xsd): the XML the portal sends to an external
// registry to register a filing ("entrata") or an outgoing document ("uscita"), built with
// xmlbuilder2 and validated against the published XSD (xmllint-wasm) before it leaves.
//
// The Identificatore is the portal's own identification of the message (CodiceRegistro = the
// portal's sender register, NumeroRegistrazione = the filing's or document's id on 7 digits): it is
// stable across retries and is what the registry dedupes on. The registry answers with its own
// Identificatore (registry-answer.ts), which becomes the protocol number.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import { romeDate } from '../platform/time.ts';

export const PROT_NS = 'http://www.agid.gov.it/protocollo/';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SegnaturaIdentity {
  /** IPA code of the comune (CodiceAmministrazione) */
  administrationCode: string;
  aooCode: string;
  /** the register code of the portal's messages (CodiceRegistro of the Identificatore) */
  senderRegister: string;
  comuneName: string;
  /** the classification (titolario) every message of the portal gets */
  classification: { code: string; name: string };
  /** key of the HMAC in ds:Signature (see the comment at sign()) */
  signingKey: string;
}

export type Party =
  | { kind: 'person'; givenName: string; familyName: string; fiscalCode?: string | undefined }
  | { kind: 'company'; name: string; vatOrFiscalCode?: string | undefined; person?: { givenName: string; familyName: string; fiscalCode?: string | undefined } | undefined }
  | { kind: 'comune' };

export interface SegnaturaDocument {
  name: string;
  mimeType: string;
  /** SHA-256, hex */
  sha256: string;
  description?: string | undefined;
}

export interface SegnaturaInput {
  direction: 'entrata' | 'uscita';
  /** the portal's number of the message (a filing's or a document's id): NumeroRegistrazione */
  number: number;
  at: Date;
  subject: string;
  sender: Party;
  recipient: Party;
  primary: SegnaturaDocument;
  attachments: SegnaturaDocument[];
}

/** The stable identifier of a message: the segnatura's Identificatore, as one string. */
export function messageId(identity: SegnaturaIdentity, direction: 'entrata' | 'uscita', number: number): string {
  return `${identity.administrationCode}/${identity.aooCode}/${registerOf(identity, direction)}/${numberText(number)}`;
}

const registerOf = (identity: SegnaturaIdentity, direction: 'entrata' | 'uscita') => (direction === 'entrata' ? identity.senderRegister : `${identity.senderRegister}-U`).slice(0, 16);
const numberText = (n: number) => String(n).padStart(7, '0');
const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

type Node = ReturnType<typeof create>;

function person(parent: Node, p: { givenName: string; familyName: string; fiscalCode?: string | undefined }) {
  const node = parent.ele(PROT_NS, 'PersonaFisica');
  node.ele(PROT_NS, 'Nome').txt(p.givenName).up().ele(PROT_NS, 'Cognome').txt(p.familyName);
  // the schema's pattern is the natural persons' code; a temporary numeric code is left out
  if (p.fiscalCode && FISCAL_CODE.test(p.fiscalCode)) node.ele(PROT_NS, 'CodiceFiscale').txt(p.fiscalCode);
}

function party(parent: Node, p: Party, identity: SegnaturaIdentity) {
  if (p.kind === 'person') return person(parent, p);
  if (p.kind === 'company') {
    const node = parent.ele(PROT_NS, 'PersonaGiuridica');
    node.ele(PROT_NS, 'Denominazione').txt(p.name);
    if (p.vatOrFiscalCode && /^[0-9]{11}$/.test(p.vatOrFiscalCode)) node.ele(PROT_NS, 'PIVAoCF').txt(p.vatOrFiscalCode);
    if (p.person) person(node, p.person);
    return;
  }
  parent
    .ele(PROT_NS, 'Amministrazione')
    .ele(PROT_NS, 'DenominazioneAmministrazione').txt(identity.comuneName).up()
    .ele(PROT_NS, 'CodiceIPAAmministrazione').txt(identity.administrationCode).up()
    .ele(PROT_NS, 'CodiceIPAAOO').txt(identity.aooCode);
}

function document(parent: Node, name: 'DocumentoPrimario' | 'Allegato', d: SegnaturaDocument) {
  const node = parent.ele(PROT_NS, name, { 'prot:nomeFile': d.name, 'prot:mimeType': d.mimeType });
  if (d.description) node.ele(PROT_NS, 'Descrizione').txt(d.description);
  node.ele(PROT_NS, 'Impronta', { 'prot:algoritmo': 'SHA-256' }).txt(hexToBase64(d.sha256));
}

/**
 * ds:Signature, which the schema requires. The guidelines ask for a XAdES baseline-B signature
 * with the AOO's qualified seal; the portal has no seal, so this is an HMAC-SHA256 (key shared with
 * the registry, PROTOCOL_REGISTRY_SIGNING_KEY) over the exact bytes of the segnatura without its
 * Signature (the digest) and over SignedInfo's bytes (the value). The canonicalization is named
 * for what it is: the portal's own serialization, not C14N. docs/protocol.md says so.
 */
const SERIALIZATION = 'urn:sportello:segnatura:serializzazione-portale';

function sign(unsigned: string, key: string): { digest: string; signedInfo: (parent: Node) => Node; value: (signedInfoXml: string) => string } {
  const digest = createHash('sha256').update(unsigned).digest('base64');
  return {
    digest,
    signedInfo: (parent) => {
      const info = parent.ele(DS_NS, 'ds:SignedInfo');
      info.ele(DS_NS, 'ds:CanonicalizationMethod', { Algorithm: SERIALIZATION });
      info.ele(DS_NS, 'ds:SignatureMethod', { Algorithm: 'http://www.w3.org/2001/04/xmldsig-more#hmac-sha256' });
      const ref = info.ele(DS_NS, 'ds:Reference', { URI: '' });
      ref.ele(DS_NS, 'ds:Transforms').ele(DS_NS, 'ds:Transform', { Algorithm: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature' });
      ref.ele(DS_NS, 'ds:DigestMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
      ref.ele(DS_NS, 'ds:DigestValue').txt(digest);
      return info;
    },
    value: (signedInfoXml) => createHmac('sha256', key).update(signedInfoXml).digest('base64'),
  };
}

function skeleton(identity: SegnaturaIdentity, input: SegnaturaInput) {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(PROT_NS, 'prot:SegnaturaInformatica', { 'xmlns:ds': DS_NS, 'prot:versione': '3.0.0', 'prot:lang': 'it' });
  const head = root.ele(PROT_NS, 'prot:Intestazione');
  head
    .ele(PROT_NS, 'Identificatore')
    .ele(PROT_NS, 'CodiceAmministrazione').txt(identity.administrationCode).up()
    .ele(PROT_NS, 'CodiceAOO').txt(identity.aooCode).up()
    .ele(PROT_NS, 'CodiceRegistro').txt(registerOf(identity, input.direction)).up()
    .ele(PROT_NS, 'NumeroRegistrazione').txt(numberText(input.number)).up()
    .ele(PROT_NS, 'DataRegistrazione').txt(romeDate(input.at)).up()
    .ele(PROT_NS, 'OraRegistrazione').txt(romeTime(input.at));
  head.ele(PROT_NS, 'Oggetto').txt(input.subject);
  head.ele(PROT_NS, 'Classifica').ele(PROT_NS, 'Denominazione').txt(identity.classification.name).up().ele(PROT_NS, 'CodiceFlat').txt(identity.classification.code);
  const body = root.ele(PROT_NS, 'Descrizione');
  party(body.ele(PROT_NS, 'Mittente'), input.sender, identity);
  party(body.ele(PROT_NS, 'Destinatario'), input.recipient, identity);
  document(body, 'DocumentoPrimario', input.primary);
  for (const a of input.attachments) document(body, 'Allegato', a);
  return root;
}

/** The segnatura of a message, signed (see sign()); not yet validated. */
export function buildSegnatura(identity: SegnaturaIdentity, input: SegnaturaInput): string {
  const unsigned = skeleton(identity, input).end({ headless: true });
  const signature = sign(unsigned, identity.signingKey);
  const root = skeleton(identity, input);
  const sig = root.ele(DS_NS, 'ds:Signature');
  const info = signature.signedInfo(sig);
  sig.ele(DS_NS, 'ds:SignatureValue').txt(signature.value(info.toString()));
  return root.end({ prettyPrint: false });
}

function romeTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

const schemaDir = fileURLToPath(new URL('./schema/', import.meta.url));
let schemaFiles: { main: string; dsig: string } | undefined;

export interface SegnaturaCheck {
  valid: boolean;
  errors: string[];
}

/** Validates a segnatura against the AgID schema (and the XML Signature schema it imports). */
export async function validateSegnatura(xml: string): Promise<SegnaturaCheck> {
  schemaFiles ??= {
    main: readFileSync(`${schemaDir}segnatura_protocollo.xsd`, 'utf8'),
    dsig: readFileSync(`${schemaDir}import_schemas/xmldsig-core-schema.xsd`, 'utf8'),
  };
  const result = await validateXML({
    xml: [{ fileName: 'segnatura.xml', contents: xml }],
    schema: [{ fileName: 'segnatura_protocollo.xsd', contents: schemaFiles.main }],
    preload: [{ fileName: 'import_schemas/xmldsig-core-schema.xsd', contents: schemaFiles.dsig }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

export class InvalidSegnaturaError extends Error {
  constructor(readonly errors: string[]) {
    super(`segnatura refused by the AgID schema: ${errors.slice(0, 3).join('; ')}`);
  }
}
