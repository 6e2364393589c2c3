// The iframe message API's constants (embed.html's postMessage API, docs/embedding.md), for a
// host page: import { SOURCE, API_VERSION } from 'backprop-playground/messages'. The same
// values as web/src/embed/messages.ts (tests/package checks them); the types are in
// embed-messages.d.ts.
export const SOURCE = 'backprop-playground';
export const API_VERSION = 1;
