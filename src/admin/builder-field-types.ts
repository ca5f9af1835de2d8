// What the builder's pages ask of a field's type, answered by the field registry (each type's
// module declares it): whether it holds sub-fields, whether it may sit inside a repeatable
// group, whether it can price a fee or declare a revenue stamp, and its options' values.
import { FIELD_TYPES, fieldCapabilities, type FieldType } from '../forms/index.ts';
import type { DraftField } from './draft.ts';

/** Capabilities of a type by name; none for a name that is no type (a posted form's value). */
function capabilitiesOf(type: string) {
  return (FIELD_TYPES as readonly string[]).includes(type) ? fieldCapabilities(type as FieldType) : undefined;
}

/** A repeatable group: its sub-fields are edited on the group's page. */
export const isGroup = (field: DraftField): boolean => capabilitiesOf(field.type)?.value === 'items';

/**
 * A type a group's sub-field may have. The builder edits one level of items: a group inside a
 * group (which the engine takes, docs/fields.md) is written in the definition file.
 */
export const allowedInGroup = (type: string): boolean => (capabilitiesOf(type)?.inGroup ?? false) && capabilitiesOf(type)?.value !== 'items';

/** Fields whose answer can price a fee item (per option or at a rate). */
export const isFeeField = (field: DraftField): boolean => {
  const fees = capabilitiesOf(field.type)?.fees ?? [];
  return fees.includes('perOption') || fees.includes('rate');
};

/** Fields where the applicant declares a revenue stamp already paid. */
export const isStampField = (field: DraftField): boolean => capabilitiesOf(field.type)?.fees.includes('stampDeclaration') ?? false;

/** The values of a field's options, in their order (none for types without options). */
export const optionValues = (field: DraftField): string[] => (field.options ?? []).map((o) => o.value);
