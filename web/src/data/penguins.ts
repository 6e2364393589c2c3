// The built-in table: Palmer penguins (web/data/README.md: source, licence, checksum). The
// species is the target; the four measurements are the features (the year of the count is
// left out: it tells nothing about a bird). Read with the same reader as the user's own tables.
import { fetchData } from './fetch';
import { parseTable, tableData, type TableData } from './table';

export const PENGUIN_TARGET = 'species';
export const PENGUIN_SKIPPED = ['year'];
/** The four measurements; three species. */
export const PENGUIN_FEATURES = 4;
export const PENGUIN_CLASSES = 3;

/** The file the page fetches (copied into dist/ by the build; inlined in the classic embed's script). */
export function penguinsUrl(): string {
  return new URL('../../data/penguins.csv', import.meta.url).href;
}

/** The penguins as the network's data, from their CSV text. */
export function penguinsData(text: string): TableData {
  const data = tableData(parseTable(text), PENGUIN_TARGET, 'classification', PENGUIN_SKIPPED);
  if (data.features.length !== PENGUIN_FEATURES || data.classes.length !== PENGUIN_CLASSES)
    throw new Error(`the penguins file has ${data.features.length} measurements and ${data.classes.length} species (expected ${PENGUIN_FEATURES} and ${PENGUIN_CLASSES})`);
  return data;
}

export async function loadPenguins(url: string = penguinsUrl(), get: typeof fetch = fetch): Promise<TableData> {
  return penguinsData(await (await fetchData(url, 'the penguins', get)).text());
}
