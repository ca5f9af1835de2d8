// The rules of a call (bando, click day) as part of a procedure's definition: the `call` block.
// The opening and closing times and the cap by number stay where they were (opensAt, closesAt,
// maxFilings); the block adds a cap by budget, the one-application-per rule, the ranking and
// the reserve list. The catalogue's schema embeds it; callProblems says in plain words what
// does not hold together, as the schema's errors.
import { z } from 'zod';

export const ONE_PER = ['person', 'household', 'company', 'none'] as const;
export type OnePer = (typeof ONE_PER)[number];

const euro = z.string().regex(/^\d{1,12}(\.\d{2})?$/, 'an amount in euro, like 50000.00');
const computedName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'the name of a computed value of the form');

export const callSchema = z
  .object({
    /**
     * One application per person (the applicant's fiscal code), per company (the company the
     * applicant acts for) or per household (the answer of `householdField`); none: no limit.
     */
    onePer: z.enum(ONE_PER).default('person'),
    /** household: the field whose answer names the household (e.g. the residential address) */
    householdField: z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]*$/, 'the name of a field of the form').optional(),
    /** A cap by budget: the sum of a computed money value of the admitted applications. */
    budget: z.object({ amount: computedName, total: euro }).strict().optional(),
    /** receipt: in order of receipt; score: by a computed score, highest first, ties by receipt. */
    ranking: z
      .object({ by: z.enum(['receipt', 'score']).default('receipt'), score: computedName.optional() })
      .strict()
      .default({ by: 'receipt' }),
    /** Places on the reserve list beyond the cap or budget; 'unlimited': every later filing. */
    reserve: z.union([z.number().int().min(0).max(1_000_000), z.literal('unlimited')]).default(0),
  })
  .strict();

export type CallDefinition = z.infer<typeof callSchema>;

/** What a definition says about its call, as the call's rules need it. */
export interface CallContext {
  call: CallDefinition;
  maxFilings?: number | undefined;
  audience: string;
  computed: ReadonlyArray<{ name: string; format: string }>;
  fieldNames: ReadonlySet<string>;
}

/** What does not hold together in a call's settings, in plain words, with the setting's path. */
export function callProblems(ctx: CallContext): Array<{ path: string[]; message: string }> {
  const { call } = ctx;
  const problems: Array<{ path: string[]; message: string }> = [];
  const add = (path: string[], message: string) => problems.push({ path: ['call', ...path], message });
  const computed = new Map(ctx.computed.map((c) => [c.name, c.format]));
  if (!ctx.maxFilings && !call.budget && call.reserve !== 0) add(['reserve'], 'a reserve list needs a cap: set maxFilings or a budget');
  if (ctx.maxFilings && call.budget) add(['budget'], 'a call is capped by number (maxFilings) or by budget, not both');
  if (call.budget) {
    const format = computed.get(call.budget.amount);
    if (format === undefined) add(['budget', 'amount'], `the budget counts the computed value "${call.budget.amount}", which the form does not declare`);
    else if (format !== 'money') add(['budget', 'amount'], `the budget counts "${call.budget.amount}", which must be a money value`);
    if (Number(call.budget.total) <= 0) add(['budget', 'total'], 'the budget must be more than zero');
  }
  if (call.ranking.by === 'score' && !call.ranking.score) add(['ranking', 'score'], 'a ranking by score needs the computed value that gives the score');
  if (call.ranking.score && !computed.has(call.ranking.score)) add(['ranking', 'score'], `the ranking uses the computed value "${call.ranking.score}", which the form does not declare`);
  // ranked by score, a place within the budget depends on the scores of those who file later:
  // nobody can be refused at filing, so every application not funded is on the reserve list
  if (call.ranking.by === 'score' && call.budget && call.reserve !== 'unlimited') add(['reserve'], 'a ranking by score with a budget keeps every application not funded on the reserve list: set reserve: unlimited');
  if (call.ranking.by === 'receipt' && call.ranking.score) add(['ranking', 'score'], 'a score is used only by a ranking by score');
  if (call.onePer === 'household' && !call.householdField) add(['householdField'], 'one application per household needs the field that names the household');
  if (call.householdField && call.onePer !== 'household') add(['householdField'], 'the household field is used only with one application per household');
  if (call.householdField && !ctx.fieldNames.has(call.householdField.split('.')[0]!)) add(['householdField'], `the household field "${call.householdField}" is not a field of the form`);
  if (call.onePer === 'company' && ctx.audience === 'citizens') add(['onePer'], 'one application per company needs a procedure for businesses');
  return problems;
}
