import { mockCredentials } from '@backstage/backend-test-utils';
import { Promotion } from '@idp-platform/backstage-plugin-idp-common';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import {
  ENTITY_REF,
  IMAGE_REPOSITORY,
  PromotionBackend,
} from './startPromotionBackend';

/** The Authorization header of a user. */
export const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** Registers an artifact as CI; `digest` defaults to one derived from the tag. */
export async function registerArtifact(
  backend: PromotionBackend,
  tag: string,
  extra: Record<string, unknown> = {},
) {
  const digest = `sha256:${Buffer.from(tag.padEnd(32, '0'))
    .toString('hex')
    .slice(0, 64)}`;
  const response = await request(backend.server)
    .post('/api/promotion/artifacts')
    .set('Authorization', as('ci'))
    .send({
      entityRef: ENTITY_REF,
      imageRepository: IMAGE_REPOSITORY,
      tag,
      digest,
      commit: 'a1b2c3d4e5f6',
      ...extra,
    });
  return response;
}

export function promote(
  backend: PromotionBackend,
  body: Record<string, unknown>,
  user = 'dana',
) {
  return request(backend.server)
    .post('/api/promotion/promotions')
    .set('Authorization', as(user))
    .send({ entityRef: ENTITY_REF, ...body });
}

export async function getPromotion(
  backend: PromotionBackend,
  id: string,
): Promise<Promotion> {
  const response = await request(backend.server)
    .get(`/api/promotion/promotions/${id}`)
    .set('Authorization', as('dana'));
  if (response.status !== 200) {
    throw new Error(`GET promotion ${id}: ${response.status} ${response.text}`);
  }
  return response.body;
}

/** Polls a promotion until `done` holds; fails with its last state after a generous limit. */
export async function waitForPromotion(
  backend: PromotionBackend,
  id: string,
  done: (promotion: Promotion) => boolean = p =>
    ['succeeded', 'failed', 'rolled-back'].includes(p.state),
): Promise<Promotion> {
  let promotion = await getPromotion(backend, id);
  for (let attempt = 0; attempt < 600 && !done(promotion); attempt++) {
    await sleep(25);
    promotion = await getPromotion(backend, id);
  }
  if (!done(promotion)) {
    throw new Error(
      `promotion ${id} stayed ${promotion.state}: ${promotion.message}`,
    );
  }
  return promotion;
}

/** Promotes and waits for the outcome. */
export async function promoteAndWait(
  backend: PromotionBackend,
  artifactId: string,
  environment: string,
) {
  const response = await promote(backend, { artifactId, environment });
  if (response.status !== 201) {
    throw new Error(`promote: ${response.status} ${response.text}`);
  }
  return waitForPromotion(backend, response.body.id);
}
