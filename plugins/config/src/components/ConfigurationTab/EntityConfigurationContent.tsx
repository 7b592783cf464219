import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  Progress,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  IDP_ANNOTATIONS,
  configApplyPermission,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { ConfigurationView } from './ConfigurationView';

/**
 * The "Configuration" tab of an entity: the configuration named by its
 * `idp-platform/config-name` annotation. Write and apply buttons are disabled,
 * with the reason shown, when the permission framework denies them.
 */
export function EntityConfigurationContent() {
  const { entity } = useEntity();
  const name = entity.metadata.annotations?.[IDP_ANNOTATIONS.configName];
  const resourceRef = stringifyEntityRef(entity);
  const write = usePermission({
    permission: configWritePermission,
    resourceRef,
  });
  const apply = usePermission({
    permission: configApplyPermission,
    resourceRef,
  });

  if (!name) {
    return (
      <MissingAnnotationEmptyState annotation={IDP_ANNOTATIONS.configName} />
    );
  }
  if (write.loading || apply.loading) return <Progress />;
  return (
    <ConfigurationView
      name={name}
      canWrite={write.allowed}
      canApply={apply.allowed}
    />
  );
}
