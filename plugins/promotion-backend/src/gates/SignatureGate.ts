import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';
import { SigstoreSignatureVerifier } from '@idp-platform/backstage-plugin-idp-node';

/**
 * Checks the artifact's sigstore bundle. A registered bundle is always
 * verified, so a bad signature blocks even where signing is optional.
 */
export class SignatureGate implements PromotionGate {
  readonly type = 'signature' as const;

  constructor(private readonly verifier?: SigstoreSignatureVerifier) {}

  async evaluate(context: GateContext): Promise<GateResult> {
    const { artifact, stage } = context;
    const environment = stage.environment.name;
    if (!artifact.signatureBundle) {
      return stage.requireSignature
        ? verdict(
            context,
            this.type,
            'fail',
            `${environment} requires a signed artifact; no signature bundle was registered`,
          )
        : verdict(
            context,
            this.type,
            'pass',
            `${environment} does not require a signature`,
          );
    }
    if (!this.verifier) {
      return verdict(
        context,
        this.type,
        'fail',
        'a signature bundle was registered but idp.promotion.signature is not configured',
      );
    }
    try {
      const { signer } = this.verifier.verify(
        artifact.signatureBundle,
        artifact.digest,
      );
      return verdict(context, this.type, 'pass', `signed by ${signer}`);
    } catch (error) {
      return verdict(
        context,
        this.type,
        'fail',
        `signature invalid: ${(error as Error).message}`,
      );
    }
  }
}
