import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-mcp-registry-backend',
  'migrations',
);

/** Brings the registry's database to the latest migration. */
export async function migrateMcpRegistryDatabase(client: Knex): Promise<void> {
  await client.migrate.latest({ directory: migrationsDir });
}
