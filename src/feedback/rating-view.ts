// What the rating's pages and boxes show: the stars as radio buttons styled as Bootstrap
// Italia's rating (5 down to 1, as its CSS fills the stars before the one chosen), the reasons
// of the stars given with their texts, the error summary, and the box at the foot of each page
// (its page kind and way back, set for every request by feedback.plugin.ts).
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isPositive, pageKind, reasonKey, reasonsFor, STARS } from './rating.ts';

const STAFF_AREAS = ['/backoffice', '/admin'];

export const starsField = z.coerce.number().int().min(1).max(5);

/** The stars, highest first, with their accessible names. */
export function starOptions(request: FastifyRequest) {
  return [...STARS].reverse().map((n) => ({ value: n, label: n === 1 ? request.t('feedback.star.one') : request.t('feedback.star', { n }) }));
}

export interface RatePage {
  action: string;
  hidden: Record<string, string>;
  /** given: the reasons step; absent: the stars again (after an error) */
  stars?: number;
  title: string;
  question?: string;
  legend?: string;
  back: string;
  backLabel: string;
  error?: string;
}

/** The model of feedback/rate.njk: step 2 (why), or the stars again when none was chosen. */
export function reasonPageModel(request: FastifyRequest, page: RatePage) {
  const t = request.t;
  const stars = page.stars;
  return {
    pageTitle: t(page.title),
    hidePageRating: true,
    action: page.action,
    hidden: Object.entries(page.hidden).map(([name, value]) => ({ name, value })),
    title: t(page.title),
    question: page.question ? t(page.question) : null,
    legend: page.legend ? t(page.legend) : null,
    starOptions: starOptions(request),
    stars: stars ?? null,
    given: stars === undefined ? null : stars === 1 ? t('feedback.given.one') : t('feedback.given', { n: stars }),
    positive: stars !== undefined && isPositive(stars),
    reasonQuestion: stars === undefined ? null : t(isPositive(stars) ? 'feedback.question.positive' : 'feedback.question.negative'),
    reasons: stars === undefined ? [] : reasonsFor(stars).map((code) => ({ code, label: t(reasonKey(stars, code)) })),
    back: page.back,
    backLabel: t(page.backLabel),
    error: page.error ? t(page.error) : null,
    errorTarget: stars === undefined ? 'rate-star-5' : `reason-${reasonsFor(stars)[0]}`,
  };
}

/** The box at the foot of the page: what it posts (the route's pattern and the way back), or null where there is no route. */
export function pageRatingBox(request: FastifyRequest) {
  const pattern = request.routeOptions.url;
  if (request.method !== 'GET' || !pattern || !pageKind(pattern, request.params)) return null;
  // staff pages are not the public's: their votes would blur what citizens say of the portal
  if (STAFF_AREAS.some((prefix) => pattern === prefix || pattern.startsWith(`${prefix}/`))) return null;
  // a very long address (a search) comes back without its query rather than not at all
  return { pattern, returnTo: request.url.length <= 500 ? request.url : request.url.split('?')[0]!.slice(0, 500) };
}
