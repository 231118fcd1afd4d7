/**
 * Names of the page globals the host installs. Shared by the Node side (which
 * exposes the bindings) and the page-side bundle (which consumes them).
 */

/** Playwright binding that carries one command to core: (name, input) => CommandResult. */
export const CLINIC_BINDING = '__zahanatiInvoke';

/** Playwright binding through which the page reports `securitypolicyviolation` events. */
export const CSP_REPORT_BINDING = '__zahanatiReportCspViolation';
