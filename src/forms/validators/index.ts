// Validators of Italian and international identifiers used by the form fields; pure functions
// over strings, usable outside forms too (identity claims, imports, the back office).
export * from './codice-fiscale.ts';
export * from './partita-iva.ts';
export * from './iban.ts';
export * from './cap.ts';
export * from './marca-da-bollo.ts';
export * from './phone.ts';
export * from './email.ts';
export * from './targa.ts';
