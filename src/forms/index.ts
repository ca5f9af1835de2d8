// The form engine of Sportello, in one import: definition schema, field types, conditions,
// journey, step view models and summary. Pure functions: no HTTP, no database.
export * from './definition.ts';
export * from './answers.ts';
export * from './inputs.ts';
export { LOCALES, type Locale, localize } from './messages.ts';
export { MESSAGE_KEYS, t as formMessage, type MessageKey as FormMessageKey } from './messages.ts';
export {
  evaluateCondition,
  describeCondition,
  conditionLeaves,
  renameConditionField,
  leafOperator,
  conditionLeavesAt,
  sameValue,
  CONDITION_OPERATORS,
  type ConditionOperator,
  type ConditionValue,
  type FieldCondition,
  type FactTest,
} from './conditions.ts';
export { conditionProblems, leafProblem, operatorsFor } from './condition-checks.ts';
export * from './journey.ts';
export * from './view.ts';
export * from './summary.ts';
export { fieldModule, fieldModules, fieldCapabilities, fieldTypesWhere, fieldTypesForFee, fieldParts, fieldConfigKeys } from './fields/index.ts';
export type * from './fields/types.ts';
export { parseMoney, formatMoney } from './numbers.ts';
export { parseDate, formatDate, todayInRome } from './dates.ts';
export { PREFILL_SOURCES, PREFILL_SOURCE_NAMES, prefillRegister, prefillProblem, acceptsPrefill, type PrefillRegister, type PrefillSource, type PrefillSpec } from './prefill.ts';
export { formEnv, computedView, evaluateExpression, formatComputed, type ComputedDefinition, type Expression } from './computed.ts';
export { applicableExit, exitStepId, exitView, type ExitDefinition } from './exits.ts';
export { type ConditionEnv, type Operand, type Comparison, COMPARISONS, NUMBER_COMPARISONS, DATE_COMPARISONS } from './conditions.ts';
export { lt, type LogicMessageKey } from './logic.messages.ts';
export { singleUseAnswers, type SingleUseAnswer } from './single-use.ts';
export { answerAt, countFiles, fieldAtPath, holdsFiles, inputPath, withAnswerAt, MAX_FILES_PER_FILING, MAX_GROUP_DEPTH, NESTED_GROUP_MAX_ITEMS, type AnswerPath } from './item-paths.ts';
export { storedFileFits, FILE_DEFAULTS, formatFileSize } from './fields/index.ts';
