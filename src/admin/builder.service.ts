// The builder's edits of a procedure, one small form at a time: the service page, steps,
// fields (also inside repeatable groups), fees and routing rules, and the two sections as
// YAML. Each is one edit of the draft (procedures.service.ts), recorded with what it changed;
// moving or removing something no longer there is a 404 (the page it came from is stale).
import { NotFoundError } from '../platform/errors.ts';
import type { FieldFormInput, StepFormInput } from './admin.inputs.ts';
import {
  addFeeItemFromInput,
  addRuleFromInput,
  addStepFromInput,
  saveFieldFromInput,
  setFeeSettingsFromInput,
  updateStepFromInput,
  type FeeItemFormInput,
  type FeeSettingsFormInput,
  type RuleFormInput,
} from './builder-edits.ts';
import { BuilderError, moveField, moveStep, removeField, removeStep, setMetadata, setSection, type Container, type Metadata } from './draft.ts';
import { moveFeeItem, removeFeeItem } from './fees-editor.ts';
import type { DraftChange, ProceduresService } from './procedures.service.ts';
import { moveRule, removeRule } from './routing-rules.ts';

type Direction = 'up' | 'down';

export function createBuilderService(procedures: Pick<ProceduresService, 'edit'>) {
  const { edit } = procedures;

  /** An edit of something that must already be there: a BuilderError becomes a 404. */
  async function editExisting(actor: string, id: number, action: string, change: DraftChange, details: Record<string, unknown>): Promise<void> {
    try {
      await edit(actor, id, action, change, details);
    } catch (error) {
      if (error instanceof BuilderError) throw new NotFoundError(error.key);
      throw error;
    }
  }

  return {
    setMetadata: (actor: string, id: number, metadata: Metadata) => edit(actor, id, 'procedure.metadata', (draft) => setMetadata(draft, metadata)),

    // ---- steps

    addStep: (actor: string, id: number, input: StepFormInput) => edit(actor, id, 'procedure.step.add', (draft) => addStepFromInput(draft, input), { step: input.id }),

    updateStep: (actor: string, id: number, stepId: string, input: StepFormInput) =>
      edit(actor, id, 'procedure.step.update', (draft) => updateStepFromInput(draft, stepId, input), { step: stepId, ...(input.id !== stepId ? { newId: input.id } : {}) }),

    moveStep: (actor: string, id: number, stepId: string, direction: Direction) =>
      editExisting(actor, id, 'procedure.step.move', (draft) => moveStep(draft, stepId, direction), { step: stepId, direction }),

    removeStep: (actor: string, id: number, stepId: string) => editExisting(actor, id, 'procedure.step.remove', (draft) => removeStep(draft, stepId), { step: stepId }),

    // ---- fields

    /** Adds (no `name`) or changes a field of a container. */
    saveField: (actor: string, id: number, container: Container, name: string | null, input: FieldFormInput) =>
      edit(actor, id, name ? 'procedure.field.update' : 'procedure.field.add', (draft) => saveFieldFromInput(draft, container, name, input), {
        step: container.stepId,
        ...(container.group ? { group: container.group } : {}),
        field: input.name,
        ...(name && name !== input.name ? { previousName: name } : {}),
      }),

    moveField: (actor: string, id: number, container: Container, name: string, direction: Direction) =>
      editExisting(actor, id, 'procedure.field.move', (draft) => moveField(draft, container, name, direction), { step: container.stepId, field: name, direction }),

    removeField: (actor: string, id: number, container: Container, name: string) =>
      editExisting(actor, id, 'procedure.field.remove', (draft) => removeField(draft, container, name), { step: container.stepId, field: name }),

    // ---- fees and routing

    setFeeSettings: (actor: string, id: number, input: FeeSettingsFormInput) => edit(actor, id, 'procedure.fees', (draft) => setFeeSettingsFromInput(draft, input)),

    addFeeItem: (actor: string, id: number, input: FeeItemFormInput) => edit(actor, id, 'procedure.fees', (draft) => addFeeItemFromInput(draft, input), { item: input.itemId }),

    moveFeeItem: (actor: string, id: number, item: string, direction: Direction) =>
      editExisting(actor, id, 'procedure.fees', (draft) => moveFeeItem(draft, item, direction), { item, change: 'sposta' }),

    removeFeeItem: (actor: string, id: number, item: string) => editExisting(actor, id, 'procedure.fees', (draft) => removeFeeItem(draft, item), { item, change: 'elimina' }),

    addRule: (actor: string, id: number, input: RuleFormInput) => edit(actor, id, 'procedure.routing', (draft) => addRuleFromInput(draft, input), { rule: input.ruleId }),

    moveRule: (actor: string, id: number, rule: string, direction: Direction) =>
      editExisting(actor, id, 'procedure.routing', (draft) => moveRule(draft, rule, direction), { rule, change: 'sposta' }),

    removeRule: (actor: string, id: number, rule: string) => editExisting(actor, id, 'procedure.routing', (draft) => removeRule(draft, rule), { rule, change: 'elimina' }),

    /** The whole fees or routing section, as parsed from its box (undefined removes it). */
    setSection: (actor: string, id: number, section: 'fees' | 'routing' | 'logic', value: unknown) => edit(actor, id, `procedure.${section}`, (draft) => setSection(draft, section, value)),

    /** A call's settings (src/calls): the whole `call` block, or undefined to remove it; the schema checks it at publishing. */
    setCall: (actor: string, id: number, call: unknown) =>
      edit(actor, id, 'procedure.call', (draft) => {
        const { call: _old, ...rest } = draft as Record<string, unknown>;
        return (call === undefined ? rest : { ...rest, call }) as typeof draft;
      }),
  };
}

export type BuilderService = ReturnType<typeof createBuilderService>;
