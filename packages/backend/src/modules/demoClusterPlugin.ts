import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { Duration } from 'luxon';

type SeedObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
};

/** The API path of a seed object: core kinds under /api/v1, others under /apis/<group>/<version>. */
function objectPath({ apiVersion, kind, metadata }: SeedObject): string {
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  const plural = `${kind.toLowerCase()}${kind.endsWith('s') ? 'es' : 's'}`;
  const namespace = metadata.namespace
    ? `/namespaces/${metadata.namespace}`
    : '';
  return `${base}${namespace}/${plural}/${metadata.name}`;
}

/**
 * The local demo's cluster. No Kubernetes cluster runs on a development machine
 * here, so with `idp.demoCluster` set (app-config.yaml does, production config does
 * not) the backend serves idp-node's Kubernetes REST test server on that port and
 * seeds it with the demo workloads: promotions, configuration delivery, policy
 * applies and MCP hosting then run against it end to end, Deployments roll out
 * after `rolloutDelay`, and the API server's service proxy answers health checks
 * for Deployments whose rollout finished.
 */
export default createBackendPlugin({
  pluginId: 'idp-demo-cluster',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const demo = config.getOptionalConfig('idp.demoCluster');
        if (!demo || demo.getOptionalBoolean('enabled') === false) return;
        const rolloutDelay = Duration.fromISO(
          demo.getOptionalString('rolloutDelay') ?? 'PT3S',
        );
        const server = new KubernetesTestServer({
          port: demo.getNumber('port'),
          rolloutDelayMs: rolloutDelay.toMillis(),
        });
        await server.start();
        lifecycle.addShutdownHook(() => server.stop());
        const seed = demo.getOptionalString('seed');
        let seeded = 0;
        if (seed) {
          for (const file of fs
            .readdirSync(seed)
            .filter(f => /\.ya?ml$/.test(f))) {
            const documents = yaml.loadAll(
              fs.readFileSync(path.join(seed, file), 'utf8'),
            ) as SeedObject[];
            for (const object of documents.filter(Boolean)) {
              const response = await fetch(
                `${server.url}${objectPath(
                  object,
                )}?fieldManager=idp-demo-cluster`,
                {
                  method: 'PATCH',
                  headers: { 'Content-Type': 'application/apply-patch+yaml' },
                  body: JSON.stringify(object),
                },
              );
              if (!response.ok) {
                throw new Error(
                  `Demo cluster: cannot seed ${object.kind} ${
                    object.metadata.name
                  } from ${file}: ${await response.text()}`,
                );
              }
              seeded += 1;
            }
          }
        }
        logger.info(
          `Demo cluster (Kubernetes REST test server) at ${server.url} with ${seeded} seeded objects`,
        );
      },
    });
  },
});
