import {
  ApiException,
  KubeConfig,
  KubernetesObject as ClientKubernetesObject,
  KubernetesObjectApi,
  ResponseContext,
} from '@kubernetes/client-node';

/**
 * KubernetesObjectApi that returns the API server's JSON as is. The stock one
 * turns responses into client model classes, which drops fields the client
 * does not know and turns timestamps into Dates; dry-run diffs and stored
 * history need what the server said.
 */
export class JsonKubernetesObjectApi extends KubernetesObjectApi {
  static fromKubeConfig(kubeConfig: KubeConfig): JsonKubernetesObjectApi {
    const api = kubeConfig.makeApiClient(JsonKubernetesObjectApi);
    api.setDefaultNamespace(kubeConfig);
    return api;
  }

  protected async processResponse<T extends ClientKubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    const body = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return JSON.parse(body);
    }
    throw new ApiException(
      response.httpStatusCode,
      'Unsuccessful HTTP Request',
      body,
      response.headers,
    );
  }
}
