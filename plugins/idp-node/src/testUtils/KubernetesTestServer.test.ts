import { KubernetesTestServer } from './KubernetesTestServer';
import { testDeployment } from './testDeployment';

const TOKEN = 'test-token';

describe('KubernetesTestServer', () => {
  const server = new KubernetesTestServer({ token: TOKEN });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  async function request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': contentType,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** Polls until the check passes; the server's rollouts finish on a timer. */
  async function eventually<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
  ): Promise<T> {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  function configMap(
    namespace: string,
    name: string,
    labels?: Record<string, string>,
  ) {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, labels },
      data: { key: 'value' },
    };
  }

  it('serves discovery for core, apps, Istio and registered custom resources', async () => {
    const core = await request('GET', '/api/v1');
    expect(core.body.resources).toContainEqual(
      expect.objectContaining({
        name: 'configmaps',
        kind: 'ConfigMap',
        namespaced: true,
      }),
    );
    expect(core.body.resources).toContainEqual(
      expect.objectContaining({
        name: 'namespaces',
        kind: 'Namespace',
        namespaced: false,
      }),
    );

    const groups = await request('GET', '/apis');
    expect(groups.body.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'networking.k8s.io',
        'security.istio.io',
        'external-secrets.io',
        'argoproj.io',
      ]),
    );
    const istio = await request('GET', '/apis/security.istio.io/v1');
    expect(istio.body.resources.map((r: { kind: string }) => r.kind)).toEqual([
      'AuthorizationPolicy',
      'PeerAuthentication',
      'RequestAuthentication',
    ]);

    expect((await request('GET', '/apis/example.com/v1')).status).toBe(404);
    server.registerCustomResource({
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      namespaced: true,
    });
    const widgets = await request('GET', '/apis/example.com/v1');
    expect(widgets.body).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'example.com/v1',
      resources: [{ name: 'widgets', kind: 'Widget', namespaced: true }],
    });
    const created = await request(
      'POST',
      '/apis/example.com/v1/namespaces/discovery/widgets',
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 3 },
      },
    );
    expect(created.status).toBe(201);
  });

  it('creates, reads and lists objects with server-set metadata', async () => {
    const created = await request(
      'POST',
      '/api/v1/namespaces/crud/configmaps',
      configMap('crud', 'settings'),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'crud', generation: 1 },
      data: { key: 'value' },
    });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );

    const read = await request(
      'GET',
      '/api/v1/namespaces/crud/configmaps/settings',
    );
    expect(read.body).toEqual(created.body);

    await request(
      'POST',
      '/api/v1/namespaces/crud/configmaps',
      configMap('crud', 'other'),
    );
    const list = await request('GET', '/api/v1/namespaces/crud/configmaps');
    expect(list.body.kind).toBe('ConfigMapList');
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual([
      'other',
      'settings',
    ]);
    const byName = await request(
      'GET',
      '/api/v1/namespaces/crud/configmaps?fieldSelector=metadata.name%3Dother',
    );
    expect(byName.body.items.map((i: any) => i.metadata.name)).toEqual([
      'other',
    ]);
    // As the real API server, list items of built-in kinds carry no apiVersion and kind.
    expect(list.body.items[0].kind).toBeUndefined();
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.body.metadata.resourceVersion),
    );

    const namespace = await request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'crud' },
    });
    expect(namespace.body.metadata.namespace).toBeUndefined();
    expect(namespace.body.status).toEqual({ phase: 'Active' });
    expect(
      (await request('GET', '/api/v1/namespaces/crud')).body.metadata.name,
    ).toBe('crud');
  });

  it('answers 409 AlreadyExists when creating an existing name', async () => {
    await request(
      'POST',
      '/api/v1/namespaces/exists/configmaps',
      configMap('exists', 'taken'),
    );
    const again = await request(
      'POST',
      '/api/v1/namespaces/exists/configmaps',
      configMap('exists', 'taken'),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'configmaps "taken" already exists',
      code: 409,
    });
  });

  it('answers 404 Status for a missing object and an unknown path', async () => {
    const missing = await request(
      'GET',
      '/apis/apps/v1/namespaces/none/deployments/ghost',
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'deployments.apps "ghost" not found',
      details: { name: 'ghost', group: 'apps', kind: 'deployments' },
    });
    const unknown = await request(
      'GET',
      '/apis/apps/v1/namespaces/none/daemonsets',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(
      'the server could not find the requested resource',
    );
  });

  it('rejects invalid objects with 422 and the causes', async () => {
    const unnamed = await request(
      'POST',
      '/api/v1/namespaces/invalid/configmaps',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {},
      },
    );
    expect(unnamed.status).toBe(422);
    expect(unnamed.body).toMatchObject({
      reason: 'Invalid',
      details: {
        causes: [{ reason: 'FieldValueRequired', field: 'metadata.name' }],
      },
    });

    const badName = await request(
      'POST',
      '/api/v1/namespaces/invalid/configmaps',
      configMap('invalid', 'Not_A_Name'),
    );
    expect(badName.status).toBe(422);
    expect(badName.body.message).toMatch(
      /^ConfigMap "Not_A_Name" is invalid: metadata.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain/,
    );

    const wrongKind = await request(
      'POST',
      '/api/v1/namespaces/invalid/configmaps',
      {
        apiVersion: 'apps/v1',
        kind: 'Secret',
        metadata: { name: 'x' },
      },
    );
    expect(wrongKind.status).toBe(422);
    expect(
      wrongKind.body.details.causes.map((c: { field: string }) => c.field),
    ).toEqual(['apiVersion', 'kind']);

    const badLabel = await request(
      'POST',
      '/api/v1/namespaces/invalid/configmaps',
      configMap('invalid', 'x', { app: 'not valid!' }),
    );
    expect(badLabel.status).toBe(422);
    expect(badLabel.body.details.causes[0].field).toBe('metadata.labels');

    expect(
      await request('GET', '/api/v1/namespaces/invalid/configmaps'),
    ).toMatchObject({ body: { items: [] } });
  });

  it('filters lists with every label selector operator', async () => {
    const labels: Record<string, Record<string, string>> = {
      web: { app: 'web', tier: 'frontend' },
      api: { app: 'api', tier: 'backend' },
      db: { app: 'db' },
    };
    for (const [name, l] of Object.entries(labels)) {
      await request(
        'POST',
        '/api/v1/namespaces/selectors/configmaps',
        configMap('selectors', name, l),
      );
    }
    const names = async (selector: string) => {
      const list = await request(
        'GET',
        `/api/v1/namespaces/selectors/configmaps?labelSelector=${encodeURIComponent(
          selector,
        )}`,
      );
      return list.body.items.map((i: any) => i.metadata.name);
    };
    expect(await names('app=web')).toEqual(['web']);
    expect(await names('app==api')).toEqual(['api']);
    expect(await names('app!=web')).toEqual(['api', 'db']);
    expect(await names('tier in (frontend, backend)')).toEqual(['api', 'web']);
    expect(await names('tier notin (frontend)')).toEqual(['api', 'db']);
    expect(await names('tier')).toEqual(['api', 'web']);
    expect(await names('!tier')).toEqual(['db']);
    expect(await names('tier,app in (web,db)')).toEqual(['web']);
    expect(await names('')).toEqual(['api', 'db', 'web']);

    const invalid = await request(
      'GET',
      `/api/v1/namespaces/selectors/configmaps?labelSelector=${encodeURIComponent(
        'app=(',
      )}`,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.reason).toBe('BadRequest');
  });

  it('replaces with PUT and answers 409 to a stale resourceVersion', async () => {
    const created = await request(
      'POST',
      '/apis/apps/v1/namespaces/replace/deployments',
      testDeployment('replace', 'web', 'web:1'),
    );
    const path = '/apis/apps/v1/namespaces/replace/deployments/web';

    const relabelled = await request('PUT', path, {
      ...created.body,
      metadata: { ...created.body.metadata, labels: { team: 'a' } },
    });
    expect(relabelled.status).toBe(200);
    expect(relabelled.body.metadata.generation).toBe(1);

    const updated = await request('PUT', path, {
      ...relabelled.body,
      spec: { ...relabelled.body.spec, replicas: 3 },
    });
    expect(updated.body.metadata.generation).toBe(2);
    expect(updated.body.metadata.uid).toBe(created.body.metadata.uid);

    const stale = await request('PUT', path, {
      ...created.body,
      spec: { ...created.body.spec, replicas: 5 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', code: 409 });
    expect(stale.body.message).toContain('the object has been modified');

    const missing = await request(
      'PUT',
      '/apis/apps/v1/namespaces/replace/deployments/ghost',
      testDeployment('replace', 'ghost', 'x'),
    );
    expect(missing.status).toBe(404);
  });

  it('applies merge, strategic merge and JSON patches', async () => {
    await request(
      'POST',
      '/api/v1/namespaces/patch/configmaps',
      configMap('patch', 'settings', { app: 'web' }),
    );
    const path = '/api/v1/namespaces/patch/configmaps/settings';

    const merged = await request(
      'PATCH',
      path,
      { data: { key: null, added: 'yes' } },
      'application/merge-patch+json',
    );
    expect(merged.body.data).toEqual({ added: 'yes' });

    const strategic = await request(
      'PATCH',
      path,
      { metadata: { labels: { tier: 'frontend' } } },
      'application/strategic-merge-patch+json',
    );
    expect(strategic.body.metadata.labels).toEqual({
      app: 'web',
      tier: 'frontend',
    });

    const jsonPatched = await request(
      'PATCH',
      path,
      [
        { op: 'test', path: '/data/added', value: 'yes' },
        { op: 'replace', path: '/data/added', value: 'no' },
        { op: 'remove', path: '/metadata/labels/app' },
      ],
      'application/json-patch+json',
    );
    expect(jsonPatched.body.data).toEqual({ added: 'no' });
    expect(jsonPatched.body.metadata.labels).toEqual({ tier: 'frontend' });

    const failedTest = await request(
      'PATCH',
      path,
      [{ op: 'test', path: '/data/added', value: 'yes' }],
      'application/json-patch+json',
    );
    expect(failedTest.status).toBe(422);

    const stale = await request(
      'PATCH',
      path,
      { metadata: { resourceVersion: '1' }, data: { x: 'y' } },
      'application/merge-patch+json',
    );
    expect(stale.status).toBe(409);
  });

  it('server-side applies: creates, records managers, prunes and reports conflicts', async () => {
    const path = '/api/v1/namespaces/apply/configmaps/settings';
    const apply = (manager: string, body: unknown, force = false) =>
      request(
        'PATCH',
        `${path}?fieldManager=${manager}${force ? '&force=true' : ''}`,
        body,
        'application/apply-patch+yaml',
      );

    const created = await apply('platform', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { a: '1', b: '2' },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'platform',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { 'f:a': {}, 'f:b': {} },
          'f:metadata': { 'f:labels': { 'f:app': {} } },
        },
      }),
    ]);

    const edited = await request(
      'PATCH',
      `${path}?fieldManager=editor`,
      { data: { c: '3' } },
      'application/merge-patch+json',
    );
    expect(
      edited.body.metadata.managedFields.map(
        (m: any) => `${m.manager}:${m.operation}`,
      ),
    ).toEqual(['platform:Apply', 'editor:Update']);

    // Dropping b removes it; c belongs to another manager and stays.
    const pruned = await apply('platform', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { app: 'web' } },
      data: { a: '1' },
    });
    expect(pruned.status).toBe(200);
    expect(pruned.body.data).toEqual({ a: '1', c: '3' });

    const conflicting = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { c: 'mine' },
    };
    const conflict = await apply('other', conflicting);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      reason: 'Conflict',
      details: {
        causes: [{ reason: 'FieldManagerConflict', field: '.data.c' }],
      },
    });
    expect(conflict.body.message).toContain('conflict with "editor": .data.c');

    const forced = await apply('other', conflicting, true);
    expect(forced.body.data).toEqual({ a: '1', c: 'mine' });

    const withoutManager = await request(
      'PATCH',
      path,
      conflicting,
      'application/apply-patch+yaml',
    );
    expect(withoutManager.status).toBe(422);
  });

  it('stores nothing on a dry run', async () => {
    const base = '/api/v1/namespaces/dry/configmaps';
    const dryCreate = await request(
      'POST',
      `${base}?dryRun=All`,
      configMap('dry', 'settings'),
    );
    expect(dryCreate.status).toBe(201);
    expect(dryCreate.body.metadata.name).toBe('settings');
    expect(server.objects({ namespace: 'dry' })).toEqual([]);

    const dryApply = await request(
      'PATCH',
      `${base}/settings?dryRun=All&fieldManager=platform`,
      configMap('dry', 'settings'),
      'application/apply-patch+yaml',
    );
    expect(dryApply.body.data).toEqual({ key: 'value' });
    expect(server.objects({ namespace: 'dry' })).toEqual([]);

    const created = await request('POST', base, configMap('dry', 'settings'));
    const before = server.objects({ namespace: 'dry' });
    await request('PUT', `${base}/settings?dryRun=All`, {
      ...created.body,
      data: { key: 'changed' },
    });
    await request(
      'PATCH',
      `${base}/settings?dryRun=All`,
      { data: { key: 'patched' } },
      'application/merge-patch+json',
    );
    const dryDelete = await request('DELETE', `${base}/settings?dryRun=All`);
    expect(dryDelete.body.status).toBe('Success');
    expect(server.objects({ namespace: 'dry' })).toEqual(before);
  });

  it('deletes objects, and a namespace with everything in it', async () => {
    await request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
    });
    await request(
      'POST',
      '/api/v1/namespaces/doomed/configmaps',
      configMap('doomed', 'a'),
    );
    await request(
      'POST',
      '/api/v1/namespaces/doomed/configmaps',
      configMap('doomed', 'b'),
    );

    const deleted = await request(
      'DELETE',
      '/api/v1/namespaces/doomed/configmaps/a',
    );
    expect(deleted.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'a' },
    });
    expect(
      (await request('GET', '/api/v1/namespaces/doomed/configmaps/a')).status,
    ).toBe(404);
    expect(
      (await request('DELETE', '/api/v1/namespaces/doomed/configmaps/a'))
        .status,
    ).toBe(404);

    await request('DELETE', '/api/v1/namespaces/doomed');
    expect(server.objects({ namespace: 'doomed' })).toEqual([]);
  });

  it('requires the bearer token it was given', async () => {
    const anonymous = await fetch(`${server.url}/api/v1`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(server.clusterConfig('local')).toEqual({
      name: 'local',
      url: server.url,
      token: TOKEN,
      skipTLSVerify: true,
    });
  });

  it('finishes the rollout of a Deployment after each spec change', async () => {
    const path = '/apis/apps/v1/namespaces/rollout/deployments/web';
    await request(
      'POST',
      '/apis/apps/v1/namespaces/rollout/deployments',
      testDeployment('rollout', 'web', 'web:1'),
    );
    const ready = await eventually(
      () => request('GET', path),
      r => r.body.status.observedGeneration === 1,
    );
    expect(ready.body.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'True' },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    });

    const updated = await request(
      'PATCH',
      path,
      {
        spec: {
          template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } },
        },
      },
      'application/merge-patch+json',
    );
    expect(updated.body.metadata.generation).toBe(2);
    expect(updated.body.status.observedGeneration).toBe(1);
    await eventually(
      () => request('GET', path),
      r => r.body.status.observedGeneration === 2,
    );
  });

  it('reports ProgressDeadlineExceeded for the next rollout after failRollouts', async () => {
    const path = '/apis/apps/v1/namespaces/failing/deployments/web';
    server.failRollouts('failing', 'web');
    await request(
      'POST',
      '/apis/apps/v1/namespaces/failing/deployments',
      testDeployment('failing', 'web', 'web:1'),
    );
    const failed = await eventually(
      () => request('GET', path),
      r => r.body.status.observedGeneration === 1,
    );
    expect(failed.body.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
      }),
    );

    await request(
      'PATCH',
      path,
      { spec: { replicas: 1 } },
      'application/merge-patch+json',
    );
    const recovered = await eventually(
      () => request('GET', path),
      r => r.body.status.observedGeneration === 2,
    );
    expect(recovered.body.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Progressing', status: 'True' }),
    );
  });

  it("answers the service proxy from the same-named Deployment's rollout", async () => {
    const proxy = '/api/v1/namespaces/proxied/services/shop:http/proxy/healthz';
    const missing = await request('GET', proxy);
    expect(missing.status).toBe(503);
    expect(missing.body.message).toBe(
      'no endpoints available for service "shop"',
    );

    await request(
      'POST',
      '/apis/apps/v1/namespaces/proxied/deployments',
      testDeployment('proxied', 'shop', 'shop:1'),
    );
    expect((await request('GET', proxy)).status).toBe(503);
    const healthy = await eventually(
      () => request('GET', proxy),
      r => r.status === 200,
    );
    expect(healthy.body).toEqual({
      status: 'ok',
      service: 'shop',
      namespace: 'proxied',
    });

    server.failRollouts('proxied', 'shop');
    await request(
      'PATCH',
      '/apis/apps/v1/namespaces/proxied/deployments/shop',
      { spec: { replicas: 3 } },
      'application/merge-patch+json',
    );
    expect((await request('GET', proxy)).status).toBe(503);
  });
});
