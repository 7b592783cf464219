import { Entity } from '@backstage/catalog-model';

/** Reads a catalog entity by ref; NotFoundError when the catalog does not have it. */
export type EntityLoader = (entityRef: string) => Promise<Entity>;
