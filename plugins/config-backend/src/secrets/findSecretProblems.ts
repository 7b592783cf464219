import {
  ConfigTree,
  isSecretRefValue,
  secretRefValueSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { parseConfigPointer } from '../model/configPointer';
import { flattenConfigTree } from '../model/flattenConfigTree';

/** Key names whose plain string values are taken for secrets. */
const SECRET_KEY_NAME =
  /(password|passwd|passphrase|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credentials?)$/i;

/** Values that are secrets whatever their key is called. */
const SECRET_VALUE_PATTERNS: { pattern: RegExp; what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, what: 'an AWS access key' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, what: 'a GitHub token' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, what: 'a Slack token' },
  { pattern: /\b[rs]k_(live|test)_[A-Za-z0-9]{16,}/, what: 'a Stripe key' },
  {
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/,
    what: 'a JSON Web Token',
  },
  {
    pattern: /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i,
    what: 'a URL with a password',
  },
];

/** A key whose value is not allowed; the message never repeats the value. */
export interface SecretProblem {
  key: string;
  message: string;
}

/**
 * Finds malformed secret references and plain values that look like secrets
 * in one layer's tree. Keys are JSON Pointers prefixed with `prefix`.
 */
export function findSecretProblems(
  tree: ConfigTree | undefined,
  prefix = '',
): SecretProblem[] {
  const problems: SecretProblem[] = [];
  for (const [pointer, value] of flattenConfigTree(tree ?? {})) {
    const key = `${prefix}${pointer}`;
    if (isSecretRefValue(value)) {
      const parsed = secretRefValueSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({
          key,
          message: `invalid secret reference: ${
            issue.path.join('.') || 'secretRef'
          }: ${issue.message}`,
        });
      }
      continue;
    }
    if (typeof value !== 'string' || value.length === 0) continue;
    const name = parseConfigPointer(pointer).pop() ?? '';
    const match = SECRET_VALUE_PATTERNS.find(p => p.pattern.test(value));
    if (match || SECRET_KEY_NAME.test(name)) {
      problems.push({
        key,
        message: `looks like ${
          match ? match.what : 'a secret'
        }: store it in a secret store and give a reference { secretRef: { store, key } }`,
      });
    }
  }
  return problems;
}
