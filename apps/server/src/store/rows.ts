// Small helpers for turning database rows into plain objects.

/** A timestamp column as an ISO string (pg returns Date; PGlite over the wire does the same). */
export const iso = (value: Date | string | null | undefined): string | undefined =>
  value == null ? undefined : new Date(value).toISOString();

/** bigint columns come back as strings from pg; amounts in minor units always fit a double. */
export const int = (value: string | number | bigint): number => Number(value);
