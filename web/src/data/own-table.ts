// Your own table in the state: its text, the target column and the kind asked for. A link
// carries the text packed (deflate, then base64url: 't' and the text's length first, so a cut or
// foreign value is refused with a message), read back in bounded pieces so that a
// decompression bomb stops at the limit rather than freezing the page. The table's data is
// made once per text, target and kind: every view and every rebuild shares it.
import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { fromBase64Url, toBase64Url } from '../share';
import { parseTable, tableData, type TableData } from './table';

/** The longest table text the page keeps (about 20,000 rows of six columns). */
export const MAX_TABLE_TEXT = 1_000_000;
/** Packed bytes fed to the inflater at a time: the most output one piece can make is bounded. */
const PIECE = 1024;

export type TableKind = 'auto' | 'classification' | 'regression';

export interface OwnTable {
  table: string;
  tableTarget: string;
  tableKind: TableKind;
  /** Number columns left out of the inputs. */
  tableSkip: readonly string[];
}

let packedFor = '';
let packed = '';

/** "t<length>." then the deflated UTF-8 bytes as base64url (remembered for the last text: the URL is written on every change). */
export function packTable(text: string): string {
  if (text === packedFor && packed !== '') return packed;
  const bytes = strToU8(text);
  packed = `t${bytes.length}.${toBase64Url(deflateSync(bytes, { level: 9 }))}`;
  packedFor = text;
  return packed;
}

/** The text of a packed table, or a message naming why it is not one (thrown). */
export function unpackTable(value: string): string {
  const head = /^t(\d{1,7})\.([A-Za-z0-9_-]+)$/.exec(value);
  if (!head) throw new Error('is not a packed table (t, its length, a dot and letters, digits, - and _)');
  const length = Number(head[1]);
  if (length > MAX_TABLE_TEXT * 4) throw new Error(`is a table of ${length} bytes; at most ${MAX_TABLE_TEXT} characters are kept`);
  const bytes = fromBase64Url(head[2]);
  if (!bytes) throw new Error('is not a packed table (its base64 is damaged)');
  const out = new Uint8Array(length);
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (total + chunk.length > length) over = true;
    else out.set(chunk, total);
    total += chunk.length;
  });
  try {
    for (let at = 0; at < bytes.length && !over; at += PIECE) inflater.push(bytes.subarray(at, at + PIECE), at + PIECE >= bytes.length);
  } catch {
    throw new Error('is damaged (it does not decompress)');
  }
  if (over || total !== length) throw new Error(`is damaged (it holds ${over ? 'more' : total} bytes, not the ${length} it names)`);
  const text = strFromU8(out);
  if (text.length > MAX_TABLE_TEXT) throw new Error(`holds ${text.length} characters; at most ${MAX_TABLE_TEXT} are kept`);
  return text;
}

let madeFor: OwnTable | null = null;
let made: TableData | Error = new Error('no table');

/**
 * The data of the state's own table (a message naming its problem when it has none to give:
 * no table, a bad cell, a target that is not a column). Made once per text, target, kind and skipped columns.
 */
export function ownTableData(own: Readonly<OwnTable>): TableData | Error {
  if (madeFor && madeFor.table === own.table && madeFor.tableTarget === own.tableTarget && madeFor.tableKind === own.tableKind &&
    madeFor.tableSkip.join('\t') === own.tableSkip.join('\t')) return made;
  madeFor = { table: own.table, tableTarget: own.tableTarget, tableKind: own.tableKind, tableSkip: [...own.tableSkip] };
  try {
    if (own.table === '') throw new Error('there is no table: open a file or paste one');
    made = tableData(parseTable(own.table), own.tableTarget, own.tableKind === 'auto' ? undefined : own.tableKind, own.tableSkip);
  } catch (error) {
    made = error instanceof Error ? error : new Error(String(error));
  }
  return made;
}
