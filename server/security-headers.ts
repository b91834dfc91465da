import helmet from 'helmet';

/**
 * The web app's policy: scripts and styles only from its own files (Vite emits no inline
 * script; React and Chart.js set styles through the DOM, which CSP allows), images also
 * from data: (the favicon) and blob: (previews of the proofs a customer picks), PDF proofs
 * in <object>, sockets to the same origin, and never inside another site's frame.
 */
const appDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
};

/**
 * Every response, pages and API alike: CSP, nosniff, no referrer, no X-Powered-By, and the
 * rest of helmet's defaults (HSTS, COOP/CORP, X-Frame-Options SAMEORIGIN for the browsers
 * that ignore frame-ancestors; a proof served inline must still show in our own <object>).
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: appDirectives },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * bull-board's page (a third-party UI) styles itself with style attributes and a <style>
 * element, and loads its fonts from Google: allowed on /admin/queues only, scripts still not.
 */
export const queueBoardContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    ...appDirectives,
    fontSrc: ["'self'", 'https://fonts.gstatic.com'],
    objectSrc: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  },
});
