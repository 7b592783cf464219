/**
 * One cause of a failed request, as in `details.causes` of a Kubernetes Status.
 *
 * @public
 */
export interface KubernetesStatusCause {
  reason: string;
  message: string;
  field?: string;
}

/**
 * A failed request of the Kubernetes test server; answered as a `Status`
 * object, as the real API server does.
 */
export class KubernetesStatusError extends Error {
  static badRequest(message: string): KubernetesStatusError {
    return new KubernetesStatusError(400, 'BadRequest', message);
  }

  static notFound(
    group: string,
    plural: string,
    name: string,
  ): KubernetesStatusError {
    return new KubernetesStatusError(
      404,
      'NotFound',
      `${plural}${group ? `.${group}` : ''} "${name}" not found`,
      { name, group: group || undefined, kind: plural },
    );
  }

  static alreadyExists(
    group: string,
    plural: string,
    name: string,
  ): KubernetesStatusError {
    return new KubernetesStatusError(
      409,
      'AlreadyExists',
      `${plural}${group ? `.${group}` : ''} "${name}" already exists`,
      { name, group: group || undefined, kind: plural },
    );
  }

  static conflict(
    group: string,
    plural: string,
    name: string,
    why: string,
    causes?: KubernetesStatusCause[],
  ) {
    return new KubernetesStatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${plural}${
        group ? `.${group}` : ''
      } "${name}": ${why}`,
      { name, group: group || undefined, kind: plural, causes },
    );
  }

  static invalid(
    group: string,
    kind: string,
    name: string,
    causes: KubernetesStatusCause[],
  ) {
    const described = causes.map(
      c => `${c.field ? `${c.field}: ` : ''}${c.message}`,
    );
    return new KubernetesStatusError(
      422,
      'Invalid',
      `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${
        described.length === 1 ? described[0] : `[${described.join(', ')}]`
      }`,
      { name, group: group || undefined, kind, causes },
    );
  }

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: KubernetesStatusCause[];
    },
  ) {
    super(message);
    this.name = 'KubernetesStatusError';
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}
