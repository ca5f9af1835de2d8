// What the delegation pages show of a delegation, in the request's language: the scope, the
// access, the period and the status in words, the other party, what happened to it. Also the
// person on the request as a party snapshot, and the options of the scope's checkboxes.
import type { FastifyRequest } from 'fastify';
import { AREAS } from '../catalogue/areas.ts';
import type { CatalogueService } from '../catalogue/catalogue.service.ts';
import type { User } from '../identity/user.ts';
import { formatDate } from '../platform/format.ts';
import { localize } from '../platform/i18n.ts';
import { personParty, type PartySnapshot } from './acting.ts';
import type { DelegationEvent, DelegationItem } from './delegations.context.ts';

/** The person logged in, as a delegation records its parties (the identity's data, as a filing takes it). */
export function snapshotOf(user: User): PartySnapshot {
  return { ...personParty({ ...user, placeOfBirth: user.placeOfBirth?.locality }), name: user.displayName };
}

type Procedures = Awaited<ReturnType<CatalogueService['list']>>['items'];

/** The procedures published now, by area, for the scope's checkboxes; `chosen` are ticked. */
export function scopeOptions(request: FastifyRequest, procedures: Procedures, chosen: { areas: readonly string[]; slugs: readonly string[] }) {
  const title = (p: Procedures[number]) => (request.locale === 'it' ? p.title_it : p.title_en);
  return AREAS.map((area) => {
    const ofArea = procedures
      .filter((p) => p.area === area.code)
      .map((p) => ({ slug: p.slug, title: title(p), checked: chosen.slugs.includes(p.slug) }))
      .sort((a, b) => a.title.localeCompare(b.title, request.locale));
    return { code: area.code, name: localize(area.name, request.locale), checked: chosen.areas.includes(area.code), procedures: ofArea, someChecked: ofArea.some((p) => p.checked) };
  });
}

/** Turns delegations into what the pages show, with the catalogue's names of areas and procedures. */
export function describer(request: FastifyRequest, procedures: Procedures) {
  const t = request.t;
  const day = (value: string) => formatDate(value, request.locale, { style: 'long' });
  const titles = new Map(procedures.map((p) => [p.slug, request.locale === 'it' ? p.title_it : p.title_en]));
  const areaName = (code: string) => {
    const area = AREAS.find((a) => a.code === code);
    return area ? localize(area.name, request.locale) : code;
  };
  return (item: DelegationItem) => {
    const scope = item.scope;
    const scopeItems = scope.kind === 'areas' ? scope.areas.map(areaName) : scope.kind === 'procedures' ? scope.slugs.map((slug) => titles.get(slug) ?? slug) : [];
    const scheduled = item.status === 'active' && !item.inEffect;
    return {
      ...item,
      other: item.role === 'delegator' ? item.delegate : item.delegator,
      scopeText: t(`delegations.scope.${scope.kind}`),
      scopeItems,
      accessText: t(`delegations.access.${item.access}`),
      periodText: item.validTo ? t('delegations.period.between', { from: day(item.validFrom), to: day(item.validTo) }) : t('delegations.period.from', { from: day(item.validFrom) }),
      statusText: scheduled ? t('delegations.status.scheduled', { from: day(item.validFrom) }) : t(`delegations.status.${item.status}`),
      originText: t(`delegations.origin.${item.origin}`),
    };
  };
}

/** What happened to a delegation, each event in words with who did it. */
export function eventLines(request: FastifyRequest, item: DelegationItem, events: readonly DelegationEvent[]) {
  const t = request.t;
  const who = (event: DelegationEvent) => {
    if (event.actorRole === 'delegator') return item.delegator.name;
    if (event.actorRole === 'delegate') return item.delegate.name;
    if (event.actorRole === 'clerk') return t('delegations.event.clerk');
    return '';
  };
  return events.map((event) => ({ at: event.at, text: t(`delegations.event.${event.kind}`, { who: who(event), act: event.act ?? '' }) }));
}

/**
 * The error summary and each field's message of a delegation form. Each summary link goes to
 * the field's input (`delega-<name>`), for a group of choices to its first one.
 */
export function formErrors(request: FastifyRequest, errors: readonly { field: string; message: string }[], options: ReturnType<typeof scopeOptions>) {
  const firstProcedure = options.find((area) => area.procedures.length > 0)?.procedures[0]?.slug;
  const anchors: Record<string, string | undefined> = {
    ambito: 'delega-ambito-tutti',
    accesso: 'delega-accesso-lettura',
    aree: options[0] && `delega-aree-${options[0].code}`,
    servizi: firstProcedure && `delega-servizi-${firstProcedure}`,
  };
  return {
    errorSummary: errors.length ? { title: request.t('delegations.errors.title'), items: errors.map((e) => ({ href: `#${anchors[e.field] ?? `delega-${e.field}`}`, text: e.message })) } : null,
    errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
  };
}
