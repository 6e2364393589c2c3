// How a refusal quotes what a script or a file gave. Pure: used by the state's checks and the
// saved-setup reader alike.

/**
 * A value from a script or a file as it was given: numbers as JavaScript writes them (NaN,
 * Infinity, 1e-50, never JSON's null), a long list cut after its first entries; never throws
 * (a cycle, a BigInt or a throwing getter gets a plain description).
 */
export function quoted(value: unknown, depth = 0): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (depth > 2) return Array.isArray(value) ? '[...]' : '{...}';
  try {
    if (Array.isArray(value)) {
      const head = value.slice(0, 8).map((v) => quoted(v, depth + 1));
      return `[${head.join(',')}${value.length > 8 ? ',...' : ''}]`;
    }
    const entries = Object.entries(value).slice(0, 8).map(([k, v]) => `${JSON.stringify(k)}:${quoted(v, depth + 1)}`);
    return `{${entries.join(',')}${Object.keys(value).length > 8 ? ',...' : ''}}`;
  } catch {
    return 'an object that cannot be read';
  }
}
