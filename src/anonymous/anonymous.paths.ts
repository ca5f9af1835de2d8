// The addresses of filing without login, in one place (routes, mails and the journey's redirect).
export const anonymousStartPath = (slug: string) => `/servizi/${slug}/senza-login`;
/** the e-mail and challenge page, after the journey's summary */
export const anonymousSendPath = (slug: string) => `/servizi/${slug}/domanda/senza-login/invio`;
export const anonymousSentPath = (slug: string) => `/servizi/${slug}/domanda/senza-login/controlla-email`;
export const confirmPath = (token: string) => `/segnalazioni/conferma/${token}`;
export const trackingPath = (token: string) => `/segnalazioni/${token}`;
