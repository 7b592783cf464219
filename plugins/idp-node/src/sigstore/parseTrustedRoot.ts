import { toTrustMaterial } from '@sigstore/verify';

/**
 * The trusted root as @sigstore/verify reads it (the protobuf-specs TrustedRoot).
 *
 * @public
 */
export type TrustedRoot = Parameters<typeof toTrustMaterial>[0];

// toTrustMaterial only tells PKCS#1 RSA log keys apart from SPKI ones.
const RSA_KEY_DETAILS: Record<string, number> = {
  PKCS1_RSA_PKCS1V5: 1,
  PKIX_RSA_PKCS1V5: 3,
  PKIX_RSA_PKCS1V15_2048_SHA256: 9,
  PKIX_RSA_PKCS1V15_3072_SHA256: 10,
  PKIX_RSA_PKCS1V15_4096_SHA256: 11,
};

type Json = Record<string, any>;

const bytes = (value: unknown) => Buffer.from(String(value ?? ''), 'base64');

function timeRange(range: Json | undefined) {
  return range
    ? {
        start: range.start ? new Date(range.start) : undefined,
        end: range.end ? new Date(range.end) : undefined,
      }
    : undefined;
}

function transparencyLog(log: Json) {
  return {
    baseUrl: String(log.baseUrl ?? ''),
    hashAlgorithm: 1,
    publicKey: {
      rawBytes: bytes(log.publicKey?.rawBytes),
      keyDetails: RSA_KEY_DETAILS[log.publicKey?.keyDetails] ?? 0,
      validFor: timeRange(log.publicKey?.validFor),
    },
    logId: { keyId: bytes(log.logId?.keyId) },
    checkpointKeyId: log.checkpointKeyId
      ? { keyId: bytes(log.checkpointKeyId.keyId) }
      : undefined,
    operator: String(log.operator ?? ''),
  };
}

function certificateAuthority(authority: Json) {
  return {
    subject: authority.subject,
    uri: String(authority.uri ?? ''),
    certChain: {
      certificates: (authority.certChain?.certificates ?? []).map(
        (certificate: Json) => ({ rawBytes: bytes(certificate.rawBytes) }),
      ),
    },
    validFor: timeRange(authority.validFor),
    operator: String(authority.operator ?? ''),
  };
}

/**
 * Reads a sigstore `trusted_root.json` (the JSON form of the protobuf-specs
 * TrustedRoot: base64 bytes, RFC 3339 times) into the shape @sigstore/verify
 * expects.
 *
 * @public
 */
export function parseTrustedRoot(json: Json): TrustedRoot {
  return {
    mediaType: String(json.mediaType ?? ''),
    tlogs: (json.tlogs ?? []).map(transparencyLog),
    ctlogs: (json.ctlogs ?? []).map(transparencyLog),
    certificateAuthorities: (json.certificateAuthorities ?? []).map(
      certificateAuthority,
    ),
    timestampAuthorities: (json.timestampAuthorities ?? []).map(
      certificateAuthority,
    ),
  } as unknown as TrustedRoot;
}
