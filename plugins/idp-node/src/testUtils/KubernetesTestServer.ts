import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { load as loadYaml } from 'js-yaml';
import { applyJsonPatch, JsonPatchOperation } from './applyJsonPatch';
import { applyMergePatch } from './applyMergePatch';
import { deploymentStatusAfterRollout } from './deploymentStatusAfterRollout';
import { discoveryDocument } from './discoveryDocument';
import { FieldOwnership } from './FieldOwnership';
import { KubernetesStatusError } from './KubernetesStatusError';
import {
  apiVersionOf,
  DEFAULT_TEST_RESOURCES,
  isBuiltIn,
  KubernetesTestResource,
} from './KubernetesTestResource';
import { parseFieldSelector } from './parseFieldSelector';
import { parseLabelSelector } from './parseLabelSelector';
import { validateTestObject } from './validateTestObject';

type JsonMap = Record<string, any>;

/**
 * Options of {@link KubernetesTestServer}.
 *
 * @public
 */
export interface KubernetesTestServerOptions {
  /** When set, every request needs `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /** How long after a spec change a Deployment reports its rollout finished. Default 50 ms. */
  rolloutDelayMs?: number;
  /** Port to listen on (127.0.0.1). Default: a free port. */
  port?: number;
}

/**
 * Which stored objects {@link KubernetesTestServer.objects} returns.
 *
 * @public
 */
export interface KubernetesTestObjectFilter {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

/**
 * An `idp.clusters` entry pointing at a {@link KubernetesTestServer}.
 *
 * @public
 */
export type KubernetesTestClusterConfig = {
  name: string;
  url: string;
  token?: string;
  skipTLSVerify: boolean;
};

interface Target {
  resource: KubernetesTestResource;
  namespace?: string;
  name?: string;
}

interface Reply {
  code: number;
  body: unknown;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const CONFLICT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pathNotFound(): KubernetesStatusError {
  return new KubernetesStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
  );
}

function storeKey(
  resource: KubernetesTestResource,
  namespace: string | undefined,
  name: string,
) {
  return `${resource.group}/${resource.plural}/${namespace ?? ''}/${name}`;
}

/** Everything of an object but metadata and status: what `generation` counts changes of. */
function specOf(object: JsonMap): JsonMap {
  const { metadata, status, ...spec } = object;
  return spec;
}

/** Fields in the order the API server writes them, so objects read like kubectl's output. */
function inServerOrder(object: JsonMap): JsonMap {
  const { apiVersion, kind, metadata, status, ...spec } = object;
  const {
    name,
    generateName,
    namespace,
    uid,
    resourceVersion,
    generation,
    creationTimestamp,
    ...rest
  } = metadata;
  const { managedFields, ...described } = rest;
  return {
    apiVersion,
    kind,
    metadata: Object.fromEntries(
      Object.entries({
        name,
        generateName,
        namespace,
        uid,
        resourceVersion,
        generation,
        creationTimestamp,
        ...described,
        managedFields,
      }).filter(([, value]) => value !== undefined),
    ),
    ...spec,
    ...(status !== undefined && { status }),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw KubernetesStatusError.badRequest(
      `json parse error: ${(error as Error).message}`,
    );
  }
}

function parseObject(body: string): JsonMap {
  const object = parseJson(body);
  if (!isMap(object)) {
    throw KubernetesStatusError.badRequest(
      'the request body must be a JSON object',
    );
  }
  return object;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new KubernetesStatusError(
            413,
            'RequestEntityTooLarge',
            'request entity too large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A real HTTP server that speaks enough of the Kubernetes REST protocol for
 * @kubernetes/client-node: discovery, create, get, list with label selectors,
 * replace, merge / JSON patch, server-side apply with managedFields, delete,
 * `dryRun=All`, resourceVersion conflicts, 404 and 422 Status answers, and
 * Deployments that finish (or fail) their rollout shortly after a spec change.
 *
 * Simplifications: namespaces need not exist, lists in apply are owned as a
 * whole, strategic merge patch merges like a JSON merge patch, no watch.
 *
 * @public
 */
export class KubernetesTestServer {
  private readonly resources: KubernetesTestResource[] = [
    ...DEFAULT_TEST_RESOURCES,
  ];
  private readonly store = new Map<
    string,
    { resource: KubernetesTestResource; object: JsonMap }
  >();
  private readonly rolloutTimers = new Map<string, NodeJS.Timeout>();
  private readonly failingRollouts = new Map<string, string>();
  private revision = 0;
  private server?: http.Server;
  private address?: string;

  constructor(private readonly options: KubernetesTestServerOptions = {}) {}

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stops listening and cancels pending rollouts; stored objects are kept. */
  async stop(): Promise<void> {
    for (const timer of this.rolloutTimers.values()) clearTimeout(timer);
    this.rolloutTimers.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close(error => (error ? reject(error) : resolve())),
    );
  }

  /** Base URL of the API, such as `http://127.0.0.1:43121`. */
  get url(): string {
    if (!this.address) {
      throw new Error(
        'KubernetesTestServer is not started; call start() first',
      );
    }
    return this.address;
  }

  /** An `idp.clusters` entry for this server, with its token when it has one. */
  clusterConfig(name: string = 'test'): KubernetesTestClusterConfig {
    return {
      name,
      url: this.url,
      ...(this.options.token !== undefined && { token: this.options.token }),
      skipTLSVerify: true,
    };
  }

  /** Serves another kind, as installing its CustomResourceDefinition would. */
  registerCustomResource(resource: KubernetesTestResource): void {
    const clash = this.resources.find(
      r =>
        r.group === resource.group &&
        r.version === resource.version &&
        (r.plural === resource.plural) !== (r.kind === resource.kind),
    );
    if (clash) {
      throw new Error(
        `${resource.kind} (${resource.plural}) clashes with ${clash.kind} (${
          clash.plural
        }) in ${apiVersionOf(resource)}`,
      );
    }
    const index = this.resources.findIndex(
      r =>
        r.group === resource.group &&
        r.version === resource.version &&
        r.kind === resource.kind,
    );
    if (index >= 0) this.resources.splice(index, 1);
    this.resources.push({ ...resource });
  }

  /**
   * Makes the next rollout of this Deployment fail: its Progressing condition
   * turns False with this reason. Later rollouts succeed again.
   */
  failRollouts(
    namespace: string,
    name: string,
    reason: string = 'ProgressDeadlineExceeded',
  ): void {
    this.failingRollouts.set(`${namespace}/${name}`, reason);
  }

  /** Copies of the stored objects, ordered by kind, namespace and name. */
  objects(filter: KubernetesTestObjectFilter = {}): JsonMap[] {
    return [...this.store.values()]
      .map(entry => entry.object)
      .filter(
        object =>
          (filter.apiVersion === undefined ||
            object.apiVersion === filter.apiVersion) &&
          (filter.kind === undefined || object.kind === filter.kind) &&
          (filter.namespace === undefined ||
            object.metadata.namespace === filter.namespace) &&
          (filter.name === undefined || object.metadata.name === filter.name),
      )
      .sort((a, b) =>
        `${a.kind}/${a.metadata.namespace ?? ''}/${
          a.metadata.name
        }`.localeCompare(
          `${b.kind}/${b.metadata.namespace ?? ''}/${b.metadata.name}`,
        ),
      )
      .map(object => structuredClone(object));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let reply: Reply;
    try {
      const token = this.options.token;
      if (
        token !== undefined &&
        req.headers.authorization !== `Bearer ${token}`
      ) {
        throw new KubernetesStatusError(401, 'Unauthorized', 'Unauthorized');
      }
      const url = new URL(req.url ?? '/', 'http://kubernetes.test');
      const body = await readBody(req);
      reply = this.route(req, url, body);
    } catch (error) {
      const status =
        error instanceof KubernetesStatusError
          ? error
          : new KubernetesStatusError(500, 'InternalError', String(error));
      reply = { code: status.code, body: status.toStatus() };
    }
    res.writeHead(reply.code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }

  private route(req: http.IncomingMessage, url: URL, body: string): Reply {
    const method = req.method ?? 'GET';
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (method === 'GET') {
      const discovery = discoveryDocument(this.resources, segments);
      if (discovery) return { code: 200, body: discovery };
      const proxied = this.serviceProxy(segments);
      if (proxied) return proxied;
    }

    const target = this.resolve(segments);
    const query = url.searchParams;
    const dryRunValues = query.getAll('dryRun');
    if (dryRunValues.some(value => value !== 'All')) {
      throw KubernetesStatusError.badRequest(
        `Invalid dryRun value ${JSON.stringify(
          dryRunValues,
        )}: only "All" is supported`,
      );
    }
    const dryRun = dryRunValues.length > 0;
    const manager =
      query.get('fieldManager') ||
      req.headers['user-agent']?.split('/')[0] ||
      'unknown';

    if (method === 'GET') {
      return target.name === undefined
        ? this.list(target, query)
        : this.read(target);
    }
    if (target.resource.namespaced && target.namespace === undefined) {
      throw pathNotFound();
    }
    if (method === 'POST' && target.name === undefined) {
      return this.create(target, parseObject(body), manager, dryRun);
    }
    if (target.name === undefined) {
      throw new KubernetesStatusError(
        405,
        'MethodNotAllowed',
        `${method} is not supported on a collection`,
      );
    }
    switch (method) {
      case 'PUT':
        return this.replace(target, parseObject(body), manager, dryRun);
      case 'PATCH':
        return this.patch(
          target,
          req.headers['content-type'] ?? '',
          body,
          query,
          manager,
          dryRun,
        );
      case 'DELETE':
        return this.delete(target, dryRun);
      default:
        throw new KubernetesStatusError(
          405,
          'MethodNotAllowed',
          `${method} is not supported`,
        );
    }
  }

  /**
   * The API server's service proxy (`/api/v1/namespaces/{ns}/services/{name}[:port]/proxy/...`),
   * answered as if the Service selected the pods of the Deployment of the same name: 200 once its
   * rollout is complete and every replica is ready, else 503 as for a Service without endpoints.
   */
  private serviceProxy(segments: string[]): Reply | undefined {
    const [api, version, namespaces, namespace, services, service, proxy] =
      segments;
    if (
      api !== 'api' ||
      version !== 'v1' ||
      namespaces !== 'namespaces' ||
      services !== 'services' ||
      proxy !== 'proxy'
    ) {
      return undefined;
    }
    const name = service.replace(/^https?:/, '').split(':')[0];
    const deployment = this.store.get(
      storeKey(
        this.resources.find(
          r => r.group === 'apps' && r.plural === 'deployments',
        )!,
        namespace,
        name,
      ),
    )?.object;
    const replicas = deployment?.spec?.replicas ?? 1;
    const status = deployment?.status ?? {};
    const ready =
      deployment !== undefined &&
      status.observedGeneration === deployment.metadata.generation &&
      status.updatedReplicas === replicas &&
      status.readyReplicas === replicas &&
      (status.replicas ?? replicas) === replicas;
    if (!ready) {
      return {
        code: 503,
        body: new KubernetesStatusError(
          503,
          'ServiceUnavailable',
          `no endpoints available for service "${name}"`,
        ).toStatus(),
      };
    }
    return { code: 200, body: { status: 'ok', service: name, namespace } };
  }

  private resolve(segments: string[]): Target {
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments.length >= 3) {
      [group, version, rest] = ['', segments[1], segments.slice(2)];
    } else if (segments[0] === 'apis' && segments.length >= 4) {
      [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    } else {
      throw pathNotFound();
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    // Subresources such as /status are not served.
    if (rest.length > 2) throw pathNotFound();
    const [plural, name] = rest;
    const resource = this.resources.find(
      r => r.group === group && r.version === version && r.plural === plural,
    );
    if (!resource || (namespace !== undefined && !resource.namespaced))
      throw pathNotFound();
    if (resource.namespaced && namespace === undefined && name !== undefined)
      throw pathNotFound();
    return { resource, namespace, name };
  }

  private stored(target: Target): JsonMap | undefined {
    return this.store.get(
      storeKey(target.resource, target.namespace, target.name!),
    )?.object;
  }

  private existing(target: Target): JsonMap {
    const object = this.stored(target);
    if (!object) {
      throw KubernetesStatusError.notFound(
        target.resource.group,
        target.resource.plural,
        target.name!,
      );
    }
    return object;
  }

  private read(target: Target): Reply {
    const object = structuredClone(this.existing(target));
    object.apiVersion = apiVersionOf(target.resource);
    return { code: 200, body: object };
  }

  private list(target: Target, query: URLSearchParams): Reply {
    if (['true', '1'].includes(query.get('watch') ?? '')) {
      throw KubernetesStatusError.badRequest(
        'watch is not supported by KubernetesTestServer',
      );
    }
    const { resource } = target;
    const labelsMatch = parseLabelSelector(query.get('labelSelector') ?? '');
    const fieldsMatch = parseFieldSelector(query.get('fieldSelector') ?? '');
    const prefix = storeKey(resource, target.namespace, '');
    const items = [...this.store.entries()]
      .filter(([key]) =>
        target.namespace === undefined
          ? key.startsWith(`${resource.group}/${resource.plural}/`)
          : key.startsWith(prefix),
      )
      .map(([, entry]) => entry.object)
      .filter(
        object => labelsMatch(object.metadata.labels) && fieldsMatch(object),
      )
      .sort((a, b) =>
        `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
        ),
      )
      .map(object => {
        const { apiVersion, kind, ...rest } = structuredClone(object);
        // The real API server leaves apiVersion and kind out of list items of built-in kinds.
        return isBuiltIn(resource)
          ? rest
          : { apiVersion: apiVersionOf(resource), kind, ...rest };
      });
    return {
      code: 200,
      body: {
        apiVersion: apiVersionOf(resource),
        kind: `${resource.kind}List`,
        metadata: { resourceVersion: String(this.revision) },
        items,
      },
    };
  }

  private create(
    target: Target,
    object: JsonMap,
    manager: string,
    dryRun: boolean,
  ): Reply {
    const metadata = isMap(object.metadata) ? { ...object.metadata } : {};
    if (!metadata.name && typeof metadata.generateName === 'string') {
      metadata.name = `${metadata.generateName}${randomBytes(4)
        .toString('hex')
        .slice(0, 5)}`;
    }
    const requested = { ...object, metadata };
    this.validate(target, requested);
    const named = { ...target, name: metadata.name as string };
    if (this.stored(named)) {
      throw KubernetesStatusError.alreadyExists(
        target.resource.group,
        target.resource.plural,
        named.name,
      );
    }
    const ownership = FieldOwnership.of(undefined);
    ownership.recordUpdate(
      manager,
      undefined,
      requested,
      apiVersionOf(target.resource),
      timestamp(),
    );
    return {
      code: 201,
      body: this.commit(named, undefined, requested, ownership, dryRun),
    };
  }

  private replace(
    target: Target,
    object: JsonMap,
    manager: string,
    dryRun: boolean,
  ): Reply {
    this.checkName(target, object);
    this.validate(target, object);
    const previous = this.existing(target);
    const resourceVersion = object.metadata?.resourceVersion;
    if (
      resourceVersion &&
      resourceVersion !== previous.metadata.resourceVersion
    ) {
      throw KubernetesStatusError.conflict(
        target.resource.group,
        target.resource.plural,
        target.name!,
        CONFLICT_MESSAGE,
      );
    }
    const ownership = FieldOwnership.of(previous);
    ownership.recordUpdate(
      manager,
      previous,
      object,
      apiVersionOf(target.resource),
      timestamp(),
    );
    return {
      code: 200,
      body: this.commit(target, previous, object, ownership, dryRun),
    };
  }

  private patch(
    target: Target,
    contentType: string,
    body: string,
    query: URLSearchParams,
    manager: string,
    dryRun: boolean,
  ): Reply {
    const patchType = contentType.split(';')[0].trim();
    if (patchType === 'application/apply-patch+yaml') {
      return this.serverSideApply(target, body, query, dryRun);
    }
    const previous = this.existing(target);
    let patched: unknown;
    try {
      switch (patchType) {
        case 'application/merge-patch+json':
        case 'application/strategic-merge-patch+json':
          patched = applyMergePatch(previous, parseJson(body));
          break;
        case 'application/json-patch+json':
          patched = applyJsonPatch(
            previous,
            parseJson(body) as JsonPatchOperation[],
          );
          break;
        default:
          throw new KubernetesStatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
          );
      }
    } catch (error) {
      if (error instanceof KubernetesStatusError) throw error;
      throw new KubernetesStatusError(422, 'Invalid', (error as Error).message);
    }
    if (!isMap(patched)) {
      throw new KubernetesStatusError(
        422,
        'Invalid',
        'the patch must leave an object',
      );
    }
    if (patched.metadata?.name !== target.name) {
      throw KubernetesStatusError.invalid(
        target.resource.group,
        target.resource.kind,
        target.name!,
        [
          {
            reason: 'FieldValueInvalid',
            message: 'field is immutable',
            field: 'metadata.name',
          },
        ],
      );
    }
    const resourceVersion = patched.metadata?.resourceVersion;
    if (
      resourceVersion !== undefined &&
      resourceVersion !== previous.metadata.resourceVersion
    ) {
      throw KubernetesStatusError.conflict(
        target.resource.group,
        target.resource.plural,
        target.name!,
        CONFLICT_MESSAGE,
      );
    }
    this.checkNamespace(target, patched);
    this.validate(target, patched);
    const ownership = FieldOwnership.of(previous);
    ownership.recordUpdate(
      manager,
      previous,
      patched,
      apiVersionOf(target.resource),
      timestamp(),
    );
    return {
      code: 200,
      body: this.commit(target, previous, patched, ownership, dryRun),
    };
  }

  private serverSideApply(
    target: Target,
    body: string,
    query: URLSearchParams,
    dryRun: boolean,
  ): Reply {
    const { resource } = target;
    const manager = query.get('fieldManager');
    if (!manager) {
      throw KubernetesStatusError.invalid('meta.k8s.io', 'PatchOptions', '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: is required for apply patch',
          field: 'fieldManager',
        },
      ]);
    }
    let applied: unknown;
    try {
      applied = loadYaml(body);
    } catch (error) {
      throw KubernetesStatusError.badRequest(
        `error decoding YAML: ${(error as Error).message}`,
      );
    }
    if (!isMap(applied)) {
      throw KubernetesStatusError.badRequest(
        'the apply body must be an object',
      );
    }
    applied.metadata = isMap(applied.metadata) ? { ...applied.metadata } : {};
    applied.metadata.name ??= target.name;
    if (applied.metadata.managedFields !== undefined) {
      throw KubernetesStatusError.badRequest(
        'metadata.managedFields must be nil',
      );
    }
    this.checkName(target, applied);
    this.checkNamespace(target, applied);
    this.validate(target, applied);

    const previous = this.stored(target);
    const resourceVersion = applied.metadata.resourceVersion;
    if (
      resourceVersion &&
      resourceVersion !== previous?.metadata.resourceVersion
    ) {
      throw KubernetesStatusError.conflict(
        resource.group,
        resource.plural,
        target.name!,
        CONFLICT_MESSAGE,
      );
    }
    const ownership = FieldOwnership.of(previous);
    const result = ownership.apply({
      manager,
      existing: previous ?? {
        metadata: { name: target.name, namespace: target.namespace },
      },
      applied,
      force: query.get('force') === 'true',
      apiVersion: apiVersionOf(resource),
      time: timestamp(),
    });
    if ('conflicts' in result) {
      const causes = FieldOwnership.conflictCauses(result.conflicts);
      throw new KubernetesStatusError(
        409,
        'Conflict',
        `Apply failed with ${causes.length} conflict${
          causes.length === 1 ? '' : 's'
        }: ${causes.map(c => c.message).join('; ')}`,
        {
          name: target.name,
          group: resource.group || undefined,
          kind: resource.plural,
          causes,
        },
      );
    }
    return {
      code: previous ? 200 : 201,
      body: this.commit(target, previous, result.object, ownership, dryRun),
    };
  }

  private delete(target: Target, dryRun: boolean): Reply {
    const { resource } = target;
    const object = this.existing(target);
    if (!dryRun) {
      const key = storeKey(resource, target.namespace, target.name!);
      this.forget(key);
      if (resource.kind === 'Namespace' && resource.group === '') {
        for (const [otherKey, entry] of this.store) {
          if (
            entry.resource.namespaced &&
            entry.object.metadata.namespace === target.name
          ) {
            this.forget(otherKey);
          }
        }
      }
      this.revision++;
    }
    return {
      code: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name: target.name,
          group: resource.group || undefined,
          kind: resource.plural,
          uid: object.metadata.uid,
        },
      },
    };
  }

  private forget(key: string) {
    this.store.delete(key);
    clearTimeout(this.rolloutTimers.get(key));
    this.rolloutTimers.delete(key);
  }

  private checkName(target: Target, object: JsonMap) {
    const name = object.metadata?.name;
    if (name !== target.name) {
      throw KubernetesStatusError.badRequest(
        `the name of the object (${name}) does not match the name on the URL (${target.name})`,
      );
    }
  }

  private checkNamespace(target: Target, object: JsonMap) {
    const namespace = object.metadata?.namespace;
    if (
      target.resource.namespaced &&
      namespace &&
      namespace !== target.namespace
    ) {
      throw KubernetesStatusError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  private validate(target: Target, object: JsonMap) {
    const causes = validateTestObject(target.resource, object);
    if (causes.length > 0) {
      const name = object.metadata?.name;
      throw KubernetesStatusError.invalid(
        target.resource.group,
        target.resource.kind,
        typeof name === 'string' ? name : '',
        causes,
      );
    }
  }

  /** Fills in what the server owns and stores the object, unless a dry run. */
  private commit(
    target: Target,
    previous: JsonMap | undefined,
    next: JsonMap,
    ownership: FieldOwnership,
    dryRun: boolean,
  ): JsonMap {
    const { resource } = target;
    const object = structuredClone(next);
    object.apiVersion = apiVersionOf(resource);
    object.kind = resource.kind;
    object.metadata = { ...object.metadata };
    if (resource.namespaced) {
      object.metadata.namespace = target.namespace;
    } else {
      delete object.metadata.namespace;
    }
    this.applyDefaults(object);

    const specChanged =
      !previous || !isDeepStrictEqual(specOf(previous), specOf(object));
    object.metadata.uid = previous?.metadata.uid ?? randomUUID();
    object.metadata.creationTimestamp =
      previous?.metadata.creationTimestamp ?? timestamp();
    object.metadata.generation =
      (previous?.metadata.generation ?? 0) + (specChanged ? 1 : 0);
    const managedFields = ownership.toManagedFields();
    if (managedFields.length > 0) {
      object.metadata.managedFields = managedFields;
    } else {
      delete object.metadata.managedFields;
    }
    // Status belongs to controllers; writes to the object itself never change it.
    delete object.status;
    const status = previous
      ? previous.status
      : this.initialStatus(resource.kind);
    if (status !== undefined) object.status = structuredClone(status);

    delete object.metadata.resourceVersion;
    if (dryRun) {
      if (previous)
        object.metadata.resourceVersion = previous.metadata.resourceVersion;
      return inServerOrder(object);
    }
    object.metadata.resourceVersion = String(++this.revision);
    const stored = inServerOrder(object);
    const key = storeKey(resource, target.namespace, target.name!);
    this.store.set(key, { resource, object: structuredClone(stored) });
    if (
      resource.kind === 'Deployment' &&
      resource.group === 'apps' &&
      specChanged
    ) {
      this.scheduleRollout(key);
    }
    return stored;
  }

  private applyDefaults(object: JsonMap) {
    if (
      (object.kind === 'Deployment' || object.kind === 'StatefulSet') &&
      isMap(object.spec)
    ) {
      object.spec.replicas ??= 1;
    }
    if (object.kind === 'Secret') {
      object.type ??= 'Opaque';
      if (isMap(object.stringData)) {
        const encoded = Object.fromEntries(
          Object.entries(object.stringData).map(([k, v]) => [
            k,
            Buffer.from(String(v)).toString('base64'),
          ]),
        );
        object.data = { ...object.data, ...encoded };
        delete object.stringData;
      }
    }
  }

  private initialStatus(kind: string): JsonMap | undefined {
    if (kind === 'Namespace') return { phase: 'Active' };
    if (kind === 'Deployment' || kind === 'StatefulSet') return {};
    return undefined;
  }

  private scheduleRollout(key: string) {
    clearTimeout(this.rolloutTimers.get(key));
    const timer = setTimeout(() => {
      this.rolloutTimers.delete(key);
      this.finishRollout(key);
    }, this.options.rolloutDelayMs ?? 50);
    timer.unref();
    this.rolloutTimers.set(key, timer);
  }

  /** What the Deployment controller reports once the new ReplicaSet is ready, or has timed out. */
  private finishRollout(key: string) {
    const entry = this.store.get(key);
    if (!entry) return;
    const deployment = structuredClone(entry.object);
    const { namespace, name } = deployment.metadata;
    const failureReason = this.failingRollouts.get(`${namespace}/${name}`);
    this.failingRollouts.delete(`${namespace}/${name}`);
    deployment.status = deploymentStatusAfterRollout(deployment, {
      now: timestamp(),
      failureReason,
    });
    deployment.metadata.resourceVersion = String(++this.revision);
    this.store.set(key, { resource: entry.resource, object: deployment });
  }
}
