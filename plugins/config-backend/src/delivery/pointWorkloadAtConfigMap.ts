import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';

/** The annotation that names the ConfigMap a workload reads. */
export const CONFIG_MAP_ANNOTATION = 'idp-platform.io/config-map';

type Json = Record<string, any>;

/**
 * A copy of the Deployment pointed at the new ConfigMap. `rollout` renames
 * every reference to the application's ConfigMaps in the pod template
 * (volumes, envFrom, env valueFrom) and annotates the pod template, which
 * rolls the pods; `hot-reload` only annotates the Deployment itself, so a
 * process watching its own Deployment can reload without a restart.
 */
export function pointWorkloadAtConfigMap(
  deployment: KubernetesObject,
  options: {
    baseName: string;
    configMapName: string;
    strategy: 'rollout' | 'hot-reload';
  },
): KubernetesObject {
  const updated = JSON.parse(JSON.stringify(deployment)) as Json;
  if (options.strategy === 'hot-reload') {
    updated.metadata.annotations = {
      ...updated.metadata.annotations,
      [CONFIG_MAP_ANNOTATION]: options.configMapName,
    };
    return updated as KubernetesObject;
  }
  const generated = new RegExp(
    `^${options.baseName.replace(
      /[.*+?^${}()|[\]\\]/g,
      '\\$&',
    )}(-[a-z0-9]{10})?$`,
  );
  const rename = (holder: Json | undefined) => {
    if (
      holder &&
      typeof holder.name === 'string' &&
      generated.test(holder.name)
    ) {
      holder.name = options.configMapName;
    }
  };
  const template = (updated.spec.template ??= {});
  const podSpec: Json = (template.spec ??= {});
  for (const volume of podSpec.volumes ?? []) rename(volume.configMap);
  for (const container of [
    ...(podSpec.containers ?? []),
    ...(podSpec.initContainers ?? []),
  ]) {
    for (const source of container.envFrom ?? []) rename(source.configMapRef);
    for (const variable of container.env ?? []) {
      rename(variable.valueFrom?.configMapKeyRef);
    }
  }
  template.metadata = {
    ...template.metadata,
    annotations: {
      ...template.metadata?.annotations,
      [CONFIG_MAP_ANNOTATION]: options.configMapName,
    },
  };
  return updated as KubernetesObject;
}
