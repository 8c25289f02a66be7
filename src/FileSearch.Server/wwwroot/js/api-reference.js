// The interactive API reference (Scalar, served by the server itself from /scalar/) over the OpenAPI document.
// Requests made from the page carry the page's own credentials (sign-in cookie or local user).
import { initialize } from '/scalar/scalar.aspnetcore.js';

initialize('%2Fscalar%2F', false, {
  showDeveloperTools: 'never',
  hideTestRequestButton: false,
  withDefaultFonts: false,
  hideClientButton: true,
  sources: [{ title: 'FileSearch API v1', url: '/openapi/v1.json' }],
}, '');
