/**
 * Raw `db.execute` results differ in type between the two drivers but both carry `rows`;
 * this is the one place that relies on it.
 */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
