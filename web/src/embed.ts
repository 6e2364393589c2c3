// Entry of embed.html: a compact playground for an iframe, driven by its URL and by the
// parent page's messages (embed/messages.ts). A sandboxed frame loads embed/sandboxed.ts instead.
import { startEmbed } from './embed/app';

startEmbed();
