import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

// Permissions on objects that belong to a catalog entity are resource
// permissions on catalog-entity, so conditional policies (isEntityOwner, ...) apply.

/** @public */
export const changeRequestReadPermission = createPermission({
  name: 'idp.change-request.read',
  attributes: { action: 'read' },
});
/** @public */
export const changeRequestCreatePermission = createPermission({
  name: 'idp.change-request.create',
  attributes: { action: 'create' },
});
/** Approve or reject someone else's change request. @public */
export const changeRequestDecidePermission = createPermission({
  name: 'idp.change-request.decide',
  attributes: { action: 'update' },
});
/** Apply a change to a protected environment without approvals. @public */
export const changeRequestEmergencyBypassPermission = createPermission({
  name: 'idp.change-request.emergency-bypass',
  attributes: { action: 'update' },
});

/** @public */
export const pluginManagerReadPermission = createPermission({
  name: 'idp.plugin-manager.read',
  attributes: { action: 'read' },
});
/** Install, upgrade, disable, uninstall and roll back plugins. @public */
export const pluginManagerInstallPermission = createPermission({
  name: 'idp.plugin-manager.install',
  attributes: { action: 'update' },
});

/** @public */
export const promotionReadPermission = createPermission({
  name: 'idp.promotion.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Register a built artifact (usually from CI). @public */
export const promotionArtifactRegisterPermission = createPermission({
  name: 'idp.promotion.artifact.register',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Start a promotion or a rollback. @public */
export const promotionPromotePermission = createPermission({
  name: 'idp.promotion.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const securityReadPermission = createPermission({
  name: 'idp.security.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Upload scanner reports, SBOMs and attestations. @public */
export const securityReportIngestPermission = createPermission({
  name: 'idp.security.report.ingest',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Request a waiver for a finding. @public */
export const securityWaiverRequestPermission = createPermission({
  name: 'idp.security.waiver.request',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Ask whether an artifact may enter an environment. @public */
export const securityGateEvaluatePermission = createPermission({
  name: 'idp.security.gate.evaluate',
  attributes: { action: 'read' },
});

/** @public */
export const policyReadPermission = createPermission({
  name: 'idp.policy.read',
  attributes: { action: 'read' },
});
/** Create and edit communication intents and access rules. @public */
export const policyWritePermission = createPermission({
  name: 'idp.policy.write',
  attributes: { action: 'update' },
});
/** Apply a policy version to an environment or roll it back. @public */
export const policyApplyPermission = createPermission({
  name: 'idp.policy.apply',
  attributes: { action: 'update' },
});

/** @public */
export const configReadPermission = createPermission({
  name: 'idp.config.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Change configuration values, schemas and feature flags. @public */
export const configWritePermission = createPermission({
  name: 'idp.config.write',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Deliver configuration to a cluster. @public */
export const configApplyPermission = createPermission({
  name: 'idp.config.apply',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const mcpServerReadPermission = createPermission({
  name: 'idp.mcp-registry.server.read',
  attributes: { action: 'read' },
});
/** @public */
export const mcpServerRegisterPermission = createPermission({
  name: 'idp.mcp-registry.server.register',
  attributes: { action: 'create' },
});
/** @public */
export const mcpServerDeployPermission = createPermission({
  name: 'idp.mcp-registry.server.deploy',
  attributes: { action: 'update' },
});
/** Call a tool of a registered server from the try-it panel. @public */
export const mcpServerInvokePermission = createPermission({
  name: 'idp.mcp-registry.server.invoke',
  attributes: { action: 'update' },
});

/** @public */
export const changeRequestPermissions = [
  changeRequestReadPermission,
  changeRequestCreatePermission,
  changeRequestDecidePermission,
  changeRequestEmergencyBypassPermission,
];
/** @public */
export const pluginManagerPermissions = [
  pluginManagerReadPermission,
  pluginManagerInstallPermission,
];
/** @public */
export const promotionPermissions = [
  promotionReadPermission,
  promotionArtifactRegisterPermission,
  promotionPromotePermission,
];
/** @public */
export const securityPermissions = [
  securityReadPermission,
  securityReportIngestPermission,
  securityWaiverRequestPermission,
  securityGateEvaluatePermission,
];
/** @public */
export const policyPermissions = [
  policyReadPermission,
  policyWritePermission,
  policyApplyPermission,
];
/** @public */
export const configPermissions = [
  configReadPermission,
  configWritePermission,
  configApplyPermission,
];
/** @public */
export const mcpRegistryPermissions = [
  mcpServerReadPermission,
  mcpServerRegisterPermission,
  mcpServerDeployPermission,
  mcpServerInvokePermission,
];

/**
 * Every permission of the IDP Platform.
 *
 * @public
 */
export const idpPermissions = [
  ...changeRequestPermissions,
  ...pluginManagerPermissions,
  ...promotionPermissions,
  ...securityPermissions,
  ...policyPermissions,
  ...configPermissions,
  ...mcpRegistryPermissions,
];
