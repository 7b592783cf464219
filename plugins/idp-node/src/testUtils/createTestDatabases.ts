import { TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';

const POSTGRES_VARIABLE =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases every IDP store test runs on: SQLite and a real PostgreSQL.
 *
 * @public
 */
export const IDP_TEST_DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_15',
];

/**
 * TestDatabases on SQLite and the PostgreSQL named by
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. Fails instead of
 * silently dropping PostgreSQL when the variable is missing (`./idp test` sets it).
 *
 * @public
 */
export function createTestDatabases(): TestDatabases {
  if (!process.env[POSTGRES_VARIABLE]) {
    throw new Error(
      `${POSTGRES_VARIABLE} is not set; run the tests with ./idp test, or set it to a PostgreSQL URL such as postgresql://postgres@127.0.0.1:5432`,
    );
  }
  return TestDatabases.create({
    ids: IDP_TEST_DATABASE_IDS,
    disableDocker: true,
  });
}
