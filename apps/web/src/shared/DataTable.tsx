// The dashboard's plain tables: a labelled region that scrolls sideways on a phone, one header row, one row per
// item. Each column says its header and how to show an item in it, so a table reads as a list of columns.
import type { ReactNode } from 'react';
import { ScrollingTable } from './Notice.js';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  /** Class of the column's cells (`wrap-anywhere` for ids and addresses that would push the table wide). */
  className?: string;
}

export function DataTable<Row>({
  label,
  columns,
  rows,
  rowKey,
}: {
  label: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <ScrollingTable label={label}>
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.header} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollingTable>
  );
}

/**
 * The header row of a table with explicit ARIA roles: such a table stays a table for screen readers once a
 * phone's CSS stacks its rows into cards.
 */
export function ColumnHeads({ headers }: { headers: readonly string[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {headers.map((header) => (
          <th key={header} role="columnheader" scope="col">
            {header}
          </th>
        ))}
      </tr>
    </thead>
  );
}
