export { parseTrustedRoot } from './parseTrustedRoot';
export type { TrustedRoot } from './parseTrustedRoot';
export { SigstoreSignatureVerifier } from './SigstoreSignatureVerifier';
export type {
  InTotoStatement,
  SigstoreVerification,
  SigstoreVerifierOptions,
} from './SigstoreSignatureVerifier';
export { readSigstoreVerifierOptions } from './readSigstoreVerifierOptions';
