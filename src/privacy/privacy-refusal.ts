// The refusals of the privacy pages' inputs (turning the job on before the dry run was seen, a
// hold without a reason, a case already held): the page shows them again with 422, on the field.
export class PrivacyRefusal extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}
