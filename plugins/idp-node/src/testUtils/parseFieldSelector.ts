import { KubernetesStatusError } from './KubernetesStatusError';

/** Field selectors on metadata.name and metadata.namespace, which is what clients use. */
export function parseFieldSelector(
  selector: string,
): (object: Record<string, any>) => boolean {
  const requirements = selector
    .split(',')
    .map(r => r.trim())
    .filter(Boolean)
    .map(requirement => {
      const match =
        /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(
          requirement,
        );
      if (!match) {
        throw KubernetesStatusError.badRequest(
          `field selector "${requirement}" is not supported: use metadata.name or metadata.namespace`,
        );
      }
      const [, field, operator, value] = match;
      const key = field === 'metadata.name' ? 'name' : 'namespace';
      return (object: Record<string, any>) =>
        (object.metadata?.[key] === value) === (operator !== '!=');
    });
  return object => requirements.every(matches => matches(object));
}
