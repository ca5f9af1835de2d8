// The offices, staff and procedures the back office shows and checks against: who works in an
// office, an office's names, the procedures a queue filter offers, a filing's definition
// version. Their owners answer: the catalogue and identity services.
export { definitionOfVersion as definitionOf, officesByCode, proceduresOfOffices, procedureTitles } from '../catalogue/catalogue.service.ts';
export { officeStaff, staffMemberName, type OfficeStaffMember as StaffMember } from '../identity/staff.service.ts';
