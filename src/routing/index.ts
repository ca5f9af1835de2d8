// Routing, in one import: the rules' schema and checks, and the pure evaluator that picks the
// office queue of a filing. No HTTP, no SQL: the submissions service calls routeDefinition
// inside the filing transaction, and the back office records the decision.
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { formEnv } from '../forms/computed.ts';
import { routeFiling, type RoutingDecision } from './evaluate.ts';
import type { ApplicantType } from './rules.ts';

export * from './rules.ts';
export * from './evaluate.ts';

/** The routing decision for a filing of this definition. */
export function routeDefinition(definition: ProcedureDefinition, answers: Record<string, unknown>, applicantType: ApplicantType, today?: string): RoutingDecision {
  const env = formEnv(definition.form.computed, today);
  return routeFiling({ defaultOffice: definition.office, routing: definition.routing, answers, applicantType, env });
}
