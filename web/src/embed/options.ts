// The embed URL's query string: which panels, which controls are locked or hidden, autoplay,
// and the parent origins allowed to send commands. (The configuration itself is in the hash,
// as on the full page.) Pure: read once at start, problems in words for a notice.
//   panels=controls,share,data,network,output,chart,stepthrough   (default controls,network,output,chart;
//          chart is the output panel's loss chart; chart without output shows only the chart)
//   locked=activation,learningRate   hide=seed,dataEditor   (names as <name>_lock / _hide in a link)
//   autoplay=1                       origins=https://a.example,https://b.example (default: any parent)
import type { PanelName } from '../playground';
import { HIDEABLE } from '../state';

/** Panels an embed may show; chart is the loss chart of the output panel. */
export const EMBED_PANELS = ['controls', 'share', 'data', 'network', 'output', 'chart', 'stepthrough'] as const;
export type EmbedPanel = (typeof EMBED_PANELS)[number];
export const DEFAULT_PANELS: readonly EmbedPanel[] = ['controls', 'network', 'output', 'chart'];

export interface EmbedOptions {
  /** Panels for createPlayground (chart alone brings the output panel, shown as its chart only). */
  panels: PanelName[];
  /** What the root's classes say: the loss chart shown, and the output panel shown as the chart only. */
  chart: boolean;
  chartOnly: boolean;
  locked: string[];
  hidden: string[];
  autoplay: boolean;
  /** Parent origins allowed to send commands; null: any parent. */
  origins: string[] | null;
  problems: string[];
}

const KNOWN = new Set(['panels', 'locked', 'hide', 'autoplay', 'origins']);

function list(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** An origin as the browser writes MessageEvent.origin ("https://a.example:8443", or "null"), or null. */
export function normalOrigin(text: string): string | null {
  if (text === 'null') return text;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Only scheme, host and port: a path or query would never match an origin.
    if (url.pathname !== '/' || url.search || url.hash || url.username || text.replace(/\/$/, '') !== url.origin) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function parseEmbedOptions(search: string): EmbedOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const controls = (name: string): string[] => {
    const names: string[] = [];
    for (const control of list(params.get(name) ?? '')) {
      if (HIDEABLE.has(control)) names.push(control);
      else problems.push(`${name}: there is no control '${shown(control)}'; ignored`);
    }
    return names;
  };

  let wanted: EmbedPanel[] = [...DEFAULT_PANELS];
  if (params.has('panels')) {
    wanted = [];
    for (const panel of list(params.get('panels') ?? '')) {
      if ((EMBED_PANELS as readonly string[]).includes(panel)) wanted.push(panel as EmbedPanel);
      else problems.push(`panels: there is no panel '${shown(panel)}' (use ${EMBED_PANELS.join(', ')}); ignored`);
    }
    if (wanted.length === 0) {
      problems.push(`panels: none to show; showing ${DEFAULT_PANELS.join(', ')}`);
      wanted = [...DEFAULT_PANELS];
    }
  }
  const chart = wanted.includes('chart');
  const chartOnly = chart && !wanted.includes('output');
  const panels = (['controls', 'share', 'data', 'network', 'output', 'stepthrough'] as const).filter(
    (p) => wanted.includes(p) || (p === 'output' && chartOnly),
  );

  let autoplay = false;
  const rawAutoplay = params.get('autoplay');
  if (rawAutoplay !== null) {
    if (rawAutoplay === '1' || rawAutoplay === 'true' || rawAutoplay === '') autoplay = true;
    else if (rawAutoplay !== '0' && rawAutoplay !== 'false') problems.push(`autoplay must be 1 or 0 (got '${shown(rawAutoplay)}')`);
  }

  let origins: string[] | null = null;
  if (params.has('origins')) {
    origins = [];
    for (const text of list(params.get('origins') ?? '')) {
      const origin = normalOrigin(text);
      if (origin) origins.push(origin);
      else problems.push(`origins: '${shown(text)}' is not an origin like https://example.org; ignored`);
    }
    // An allow-list that lost every entry still allows nobody: a typo must not open the frame to all.
  }

  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) problems.push(`unknown embed option '${shown(name)}' (use ${[...KNOWN].join(', ')}); ignored`);
  }
  return { panels, chart, chartOnly, locked: controls('locked'), hidden: controls('hide'), autoplay, origins, problems };
}
