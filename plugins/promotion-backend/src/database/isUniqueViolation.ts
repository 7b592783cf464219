/**
 * Whether a database error is a unique-constraint violation, on PostgreSQL
 * (SQLSTATE 23505) or SQLite.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: string;
    message?: string;
  };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(message ?? '')
  );
}
