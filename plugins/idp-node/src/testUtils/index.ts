/**
 * Test utilities of the IDP Platform backend: a Kubernetes API test server
 * and the databases store tests run on.
 *
 * @packageDocumentation
 */
export { KubernetesTestServer } from './KubernetesTestServer';
export type {
  KubernetesTestClusterConfig,
  KubernetesTestObjectFilter,
  KubernetesTestServerOptions,
} from './KubernetesTestServer';
export type { KubernetesTestResource } from './KubernetesTestResource';
export type { KubernetesStatusCause } from './KubernetesStatusError';
export {
  createTestDatabases,
  IDP_TEST_DATABASE_IDS,
} from './createTestDatabases';
export { testDeployment } from './testDeployment';
