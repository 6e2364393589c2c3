// Entry of the embed's classic build (assets/embed-classic-*.js), which embed.html loads in
// place of the module build when its origin is "null" (a sandboxed iframe): module scripts,
// URL workers and wasm fetches all need CORS there, classic scripts do not.
import { startEmbed } from './app';
import { startInlinedEngineWorker } from './sandbox-bridge';

startEmbed(startInlinedEngineWorker());
