import { InMemoryConfigManagerApi } from './InMemoryConfigManagerApi';

/** The example configuration of the backend's README, in memory. */
export function paymentsApi(schema?: Record<string, unknown>) {
  return new InMemoryConfigManagerApi(
    [
      {
        name: 'payments-api',
        spec: {
          schema,
          values: {
            database: {
              name: 'payments',
              port: 5432,
              password: {
                secretRef: {
                  store: 'vault-backend',
                  key: 'payments/database',
                  property: 'password',
                },
              },
            },
          },
          environments: {
            staging: { database: { host: 'db.staging' } },
            production: { database: { host: 'db.prod', port: 6432 } },
          },
          flags: {
            'new-checkout': {
              type: 'boolean',
              defaultVariant: 'off',
              environments: {
                staging: {
                  state: 'ENABLED',
                  rollout: [
                    { variant: 'on', percentage: 50 },
                    { variant: 'off', percentage: 50 },
                  ],
                },
              },
            },
          },
        },
      },
    ],
    {
      globalDefaults: { logging: { level: 'info', format: 'json' } },
      environmentDefaults: { production: { logging: { level: 'warn' } } },
    },
  );
}
