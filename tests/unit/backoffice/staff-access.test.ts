// Who sees and who acts on a case: a member of its office within the procedures they are
// limited to sees it; an auditor of the office sees it and may not act; anyone else neither.
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '../../../src/backoffice/case-context.ts';
import { actsAnywhere, limitsOf, mayActOnCase, maySeeCase, procedureLimit } from '../../../src/backoffice/staff-access.ts';

const clerk: StaffActor = { fiscalCode: 'FRRNNA75C55A944U', name: 'Anna Ferri', offices: ['anagrafe', 'tributi'], headOf: [] };
const limited: StaffActor = { ...clerk, procedureLimits: { anagrafe: [1, 2] } };
const auditor: StaffActor = { ...clerk, offices: ['anagrafe'], readOnlyOffices: ['anagrafe'] };
const mixed: StaffActor = { ...clerk, readOnlyOffices: ['tributi'] };

describe('maySeeCase and mayActOnCase', () => {
  it.each([
    ['a clerk, a case of their office', clerk, { office_code: 'anagrafe', procedure_id: 9 }, true, true],
    ['a clerk, a case of another office', clerk, { office_code: 'suap', procedure_id: 9 }, false, false],
    ['a limited clerk, a procedure of theirs', limited, { office_code: 'anagrafe', procedure_id: 2 }, true, true],
    ['a limited clerk, another procedure of the office', limited, { office_code: 'anagrafe', procedure_id: 3 }, false, false],
    ['a limited clerk, an office where they have no limit', limited, { office_code: 'tributi', procedure_id: 3 }, true, true],
    ['an auditor, a case of the office', auditor, { office_code: 'anagrafe', procedure_id: 9 }, true, false],
    ['an auditor, a case of another office', auditor, { office_code: 'tributi', procedure_id: 9 }, false, false],
    ['an auditor of one office and clerk of another, the other', mixed, { office_code: 'anagrafe', procedure_id: 9 }, true, true],
    ['an auditor of one office and clerk of another, the audited', mixed, { office_code: 'tributi', procedure_id: 9 }, true, false],
  ])('%s', (_what, actor, c, sees, acts) => {
    expect(maySeeCase(actor, c)).toBe(sees);
    expect(mayActOnCase(actor, c)).toBe(acts);
  });

  it('reads ids from the database as numbers whatever their type', () => {
    expect(maySeeCase(limited, { office_code: 'anagrafe', procedure_id: '2' as unknown as number })).toBe(true);
  });

  it('an empty limit is no limit', () => {
    expect(procedureLimit({ procedureLimits: { anagrafe: [] } }, 'anagrafe')).toBeNull();
    expect(limitsOf({ procedureLimits: { anagrafe: [1], tributi: [] } }, ['anagrafe', 'tributi', 'suap'])).toEqual({ anagrafe: [1] });
  });

  it('someone who only audits acts nowhere', () => {
    expect(actsAnywhere(auditor)).toBe(false);
    expect(actsAnywhere(mixed)).toBe(true);
    expect(actsAnywhere(clerk)).toBe(true);
  });
});
