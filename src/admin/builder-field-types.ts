// What the builder's pages know about field types: which types hold sub-fields, which may sit
// inside a repeatable group, which can price a fee or declare a revenue stamp, and which carry
// options. Kept here, in one place, so that it can be read from the field registry instead.
import type { DraftField } from './draft.ts';

/** A repeatable group: its sub-fields are edited on the group's page. */
export const isGroup = (field: DraftField): boolean => field.type === 'group';

/** A type a group's sub-field may have (no groups inside groups, no files). */
export const allowedInGroup = (type: string): boolean => type !== 'group' && type !== 'file';

/** Fields whose answer can price a fee item (per option or at a rate). */
export const isFeeField = (field: DraftField): boolean => ['radio', 'select', 'checkboxes', 'integer', 'decimal'].includes(field.type);

/** Fields where the applicant declares a revenue stamp already paid. */
export const isStampField = (field: DraftField): boolean => field.type === 'marcaDaBollo';

/** The values of a field's options, in their order (none for types without options). */
export const optionValues = (field: DraftField): string[] => (field.options ?? []).map((o) => o.value);
