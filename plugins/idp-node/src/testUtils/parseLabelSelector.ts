import { KubernetesStatusError } from './KubernetesStatusError';

type Requirement = (labels: Record<string, string>) => boolean;

const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`[A-Za-z0-9_.-]*`;
const EXISTS = new RegExp(`^(${KEY})$`);
const NOT_EXISTS = new RegExp(`^!\\s*(${KEY})$`);
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const SET_VALUE = new RegExp(`^${VALUE}$`);

// Commas inside `in (a,b)` belong to the value list, not between requirements.
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim());
}

function parseRequirement(text: string): Requirement {
  let match = NOT_EXISTS.exec(text);
  if (match) {
    const key = match[1];
    return labels => !Object.hasOwn(labels, key);
  }
  match = EXISTS.exec(text);
  if (match) {
    const key = match[1];
    return labels => Object.hasOwn(labels, key);
  }
  match = EQUALITY.exec(text);
  if (match) {
    const [, key, operator, value] = match;
    return operator === '!='
      ? labels => !Object.hasOwn(labels, key) || labels[key] !== value
      : labels => Object.hasOwn(labels, key) && labels[key] === value;
  }
  match = SET.exec(text);
  if (match) {
    const [, key, operator, list] = match;
    const values = list.split(',').map(v => v.trim());
    if (values.some(v => !SET_VALUE.test(v))) {
      throw KubernetesStatusError.badRequest(
        `unable to parse requirement: invalid label value in "${text}"`,
      );
    }
    return operator === 'in'
      ? labels => Object.hasOwn(labels, key) && values.includes(labels[key])
      : labels => !Object.hasOwn(labels, key) || !values.includes(labels[key]);
  }
  throw KubernetesStatusError.badRequest(
    `unable to parse requirement: "${text}" is not a valid label selector requirement`,
  );
}

/**
 * Parses a Kubernetes label selector (`=`, `==`, `!=`, `in`, `notin`, `key`,
 * `!key`) into a predicate over an object's labels. `!=` and `notin` match
 * objects without the label, as in Kubernetes.
 */
export function parseLabelSelector(
  selector: string,
): (labels: Record<string, string> | undefined) => boolean {
  if (!selector.trim()) {
    return () => true;
  }
  const requirements = splitRequirements(selector).map(parseRequirement);
  return labels => requirements.every(matches => matches(labels ?? {}));
}
