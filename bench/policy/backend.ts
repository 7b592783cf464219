/*
 * The backend of bench/policy: the real IDP backend (packages/backend/src/index.ts,
 * unchanged), with its `local` cluster pointed at idp-node's Kubernetes REST test
 * server listening on a free port in this process. The demo cluster of app-config.yaml
 * (port 6443) is disabled by the bench's configuration, so a running app keeps its own;
 * the benchmark's policy applies and impact reads land in this empty cluster.
 */
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';

async function main() {
  const cluster = new KubernetesTestServer({ rolloutDelayMs: 0 });
  await cluster.start();
  // Environment configuration is read when the backend starts and outranks the files.
  process.env.APP_CONFIG_idp_clusters = JSON.stringify([
    cluster.clusterConfig('local'),
  ]);
  await import('../../packages/backend/src/index');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
