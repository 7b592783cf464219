import { createHash } from 'crypto';
import { InputError } from '@backstage/errors';
import {
  McpDeployRequest,
  McpServerJson,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { resolvePackageArguments } from '../service/resolvePackageArguments';

/** The supergateway release that bridges stdio servers to Streamable HTTP. */
export const SUPERGATEWAY_PACKAGE = 'supergateway@4.0.0';

/** Label every hosted MCP workload carries, with its workload name. */
export const MCP_WORKLOAD_LABEL = 'idp-platform/mcp-server';

/** Annotation holding the server.json name (labels cannot hold a slash). */
export const MCP_SERVER_NAME_ANNOTATION = 'idp-platform/mcp-server-name';

/** What hosting one server version in one namespace consists of. */
export interface McpWorkload {
  workloadName: string;
  deployment: KubernetesObject;
  service: KubernetesObject;
  /** The HorizontalPodAutoscaler, when the request asks for autoscaling. */
  autoscaler?: KubernetesObject;
  /** In-cluster URL of the MCP endpoint. */
  url: string;
  transport: 'streamable-http' | 'sse';
}

/**
 * A DNS-1035 name for a server: `mcp-` plus a readable slug, cut to fit, and
 * a short hash of the full name so two long names never collide.
 */
export function mcpWorkloadName(serverName: string): string {
  const hash = createHash('sha256')
    .update(serverName)
    .digest('hex')
    .slice(0, 8);
  const slug = serverName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return `mcp-${slug}-${hash}`;
}

function shellQuote(argument: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)
    ? argument
    : `'${argument.replace(/'/g, `'\\''`)}'`;
}

function pathOf(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  const match = /^[a-z]+:\/\/[^/]+(\/[^?#]*)?/i.exec(url);
  return match?.[1] && match[1] !== '/' ? match[1] : fallback;
}

/**
 * Renders the Deployment and Service that host a server version, in the
 * shape of ToolHive's MCPServer: image, transport, proxy port, args, env,
 * secrets by reference, resources, replicas or autoscaling, and session
 * affinity. An OCI package that
 * speaks HTTP runs as is; an npm package that speaks stdio runs behind
 * supergateway, which serves it as Streamable HTTP at `/mcp`.
 * Problems with the request are InputErrors that name the field.
 */
export function renderMcpWorkload(
  server: McpServerJson,
  request: McpDeployRequest,
  target: { namespace: string; gatewayImage: string },
): McpWorkload {
  const workloadName = mcpWorkloadName(server.name);
  const packages = server.packages ?? [];
  const ociHttp = packages.find(
    pkg => pkg.registryType === 'oci' && pkg.transport.type !== 'stdio',
  );
  const npmPackage = packages.find(pkg => pkg.registryType === 'npm');
  const pkg = ociHttp ?? npmPackage;
  if (!pkg) {
    if (server.remotes?.length) {
      throw new InputError(
        `server: ${server.name} is already hosted at ${server.remotes[0].url}; only servers with packages can be deployed`,
      );
    }
    throw new InputError(
      `server: ${server.name} has no package that can be hosted (an OCI image serving HTTP, or an npm package)`,
    );
  }

  const port = request.port;
  const serverArgs = [...resolvePackageArguments(pkg), ...request.args];
  let image: string;
  let command: string[] | undefined;
  let args: string[];
  let transport: 'streamable-http' | 'sse';
  let path: string;
  if (pkg === ociHttp) {
    image =
      request.image ??
      (/[:@]/.test(pkg.identifier.split('/').pop() ?? '')
        ? pkg.identifier
        : `${pkg.identifier}:${pkg.version ?? server.version}`);
    args = serverArgs;
    transport = pkg.transport.type === 'sse' ? 'sse' : 'streamable-http';
    path = pathOf(
      'url' in pkg.transport ? pkg.transport.url : undefined,
      transport === 'sse' ? '/sse' : '/mcp',
    );
  } else {
    const spec = `${pkg.identifier}@${pkg.version ?? server.version}`;
    image = request.image ?? target.gatewayImage;
    command = ['npx'];
    if (pkg.transport.type === 'stdio') {
      const stdioCommand = ['npx', '-y', spec, ...serverArgs]
        .map(shellQuote)
        .join(' ');
      args = [
        '-y',
        SUPERGATEWAY_PACKAGE,
        '--stdio',
        stdioCommand,
        '--outputTransport',
        'streamableHttp',
        '--port',
        String(port),
        '--streamableHttpPath',
        '/mcp',
      ];
      transport = 'streamable-http';
      path = '/mcp';
    } else {
      args = ['-y', spec, ...serverArgs];
      transport = pkg.transport.type;
      path = pathOf(pkg.transport.url, transport === 'sse' ? '/sse' : '/mcp');
    }
  }

  if (request.autoscaling && !request.resources?.requests?.cpu) {
    throw new InputError(
      'resources.requests.cpu: required for autoscaling, which targets CPU utilization',
    );
  }

  const env: Array<Record<string, unknown>> = [];
  const declared = new Map(
    (pkg.environmentVariables ?? []).map(variable => [variable.name, variable]),
  );
  const secretNames = new Set(request.secretEnv.map(entry => entry.name));
  for (const [name, variable] of declared) {
    if (variable.isSecret) {
      if (name in request.env) {
        throw new InputError(
          `env.${name}: is a secret; pass it in secretEnv as a reference to a Kubernetes Secret`,
        );
      }
      if (variable.isRequired && !secretNames.has(name)) {
        throw new InputError(
          `secretEnv: ${name} is a secret the server requires; reference a Kubernetes Secret that holds it`,
        );
      }
      continue;
    }
    const value = request.env[name] ?? variable.value ?? variable.default;
    if (value === undefined) {
      if (variable.isRequired) {
        throw new InputError(`env.${name}: required by ${server.name}`);
      }
      continue;
    }
    if (variable.choices?.length && !variable.choices.includes(value)) {
      throw new InputError(
        `env.${name}: must be one of ${variable.choices.join(', ')}`,
      );
    }
    env.push({ name, value });
  }
  for (const [name, value] of Object.entries(request.env)) {
    if (!declared.has(name)) env.push({ name, value });
  }
  for (const entry of request.secretEnv) {
    env.push({
      name: entry.name,
      valueFrom: {
        secretKeyRef: { name: entry.secretRef.name, key: entry.secretRef.key },
      },
    });
  }

  const labels = {
    'app.kubernetes.io/name': workloadName,
    'app.kubernetes.io/managed-by': 'idp-platform',
    [MCP_WORKLOAD_LABEL]: workloadName,
  };
  const annotations = {
    [MCP_SERVER_NAME_ANNOTATION]: server.name,
    'idp-platform/mcp-server-version': server.version,
  };
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: workloadName,
      namespace: target.namespace,
      labels,
      annotations,
    },
    spec: {
      // With autoscaling the HorizontalPodAutoscaler owns the replica count.
      ...(request.autoscaling ? {} : { replicas: request.replicas }),
      selector: { matchLabels: { [MCP_WORKLOAD_LABEL]: workloadName } },
      template: {
        metadata: { labels, annotations },
        spec: {
          containers: [
            {
              name: 'mcp-server',
              image,
              ...(command ? { command } : {}),
              args,
              ports: [{ name: 'mcp', containerPort: port }],
              env,
              ...(request.resources ? { resources: request.resources } : {}),
              readinessProbe: {
                tcpSocket: { port: 'mcp' },
                periodSeconds: 5,
              },
            },
          ],
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: workloadName,
      namespace: target.namespace,
      labels,
      annotations,
    },
    spec: {
      selector: { [MCP_WORKLOAD_LABEL]: workloadName },
      ports: [{ name: 'mcp', port: 80, targetPort: 'mcp' }],
      sessionAffinity: request.sessionAffinity ? 'ClientIP' : 'None',
    },
  };
  const autoscaler: KubernetesObject | undefined = request.autoscaling && {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: workloadName,
      namespace: target.namespace,
      labels,
      annotations,
    },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: workloadName,
      },
      minReplicas: request.autoscaling.minReplicas,
      maxReplicas: request.autoscaling.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization:
                request.autoscaling.targetCPUUtilizationPercentage,
            },
          },
        },
      ],
    },
  };
  return {
    workloadName,
    deployment,
    service,
    autoscaler,
    url: `http://${workloadName}.${target.namespace}.svc.cluster.local${path}`,
    transport,
  };
}
