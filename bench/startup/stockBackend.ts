/*
 * The baseline of bench/startup: the backend exactly as @backstage/create-app
 * 0.9.2 (Backstage 1.55.0) generates it, with its allow-all permission policy
 * and without any IDP Platform module.
 */
import { createBackend } from '@backstage/backend-defaults';
import { stockFeatures } from '../../packages/backend/src/stockFeatures';

const backend = createBackend();
for (const feature of stockFeatures) backend.add(feature);
backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));
backend.start();
