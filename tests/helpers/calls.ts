// A test call (bando) for integration tests: a one-step form with an amount (whose computed
// `contributo` is a money value for a budget, `punti` a score), the settings given as YAML
// lines, imported and published by the administrator.
import type { FastifyInstance } from 'fastify';
import { TEST_PEOPLE } from './login.ts';

/** The YAML of the test call `slug`; `settings`: lines of YAML at the top level (opensAt, maxFilings, call: ...). */
export function callDefinition(slug: string, settings: string): string {
  return `schemaVersion: 1
slug: ${slug}
title: { it: Bando ${slug}, en: Call ${slug} }
summary: { it: Un bando di prova per i test., en: A test call for the tests. }
area: cultura-sport
audience: citizens
description: { it: Un bando di prova per i test automatici., en: A test call for automated tests. }
whoCanApply: { it: Le persone residenti., en: Residents. }
howTo: { it: Compila la domanda e inviala., en: Fill in the form and send it. }
cost: { description: { it: Gratuito., en: Free. }, amountCents: 0 }
legalReferences: [{ title: L. 241/1990 art. 12 }]
office: anagrafe
kind: istanza
competitive: true
${settings}
form:
  steps:
    - id: dati
      title: { it: Dati, en: Data }
      fields:
        - { name: progetto, type: text, label: { it: Progetto, en: Project }, required: true }
        - { name: importo, type: integer, label: { it: Importo in euro, en: Amount in euro }, required: true, min: 1, max: 100000 }
  computed:
    - { name: contributo, label: { it: Contributo, en: Grant }, format: money, expression: { product: [{ field: importo }, 100] } }
    - { name: punti, label: { it: Punti, en: Points }, format: integer, expression: { field: importo } }
`;
}

/** Publishes the test call `slug` with these settings; its procedure id. */
export async function publishCall(app: FastifyInstance, slug: string, settings: string): Promise<number> {
  const admin = app.services.admin;
  const { id } = await admin.importDefinition(TEST_PEOPLE.admin, callDefinition(slug, settings), `${slug}.yaml`, false);
  await admin.publish(TEST_PEOPLE.admin, id, { acceptWarnings: true });
  return id;
}
