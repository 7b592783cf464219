import fs from 'node:fs';
import path from 'node:path';
import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { runAudited } from '@idp-platform/backstage-plugin-idp-node';
import { EntityContext, SecurityService } from '../service/SecurityService';
import { SecurityDemoReport } from './readSecurityDemoManifest';

/** What one run of the loader did. */
export interface SecurityDemoRun {
  /** Reports ingested in this run (new or already stored). */
  ingested: SecurityDemoReport[];
  /** Reports whose entity is not in the catalog yet; tried again next run. */
  waiting: SecurityDemoReport[];
  /** Reports that could not be ingested; not tried again. */
  failed: SecurityDemoReport[];
}

/** Owner and system of a catalog entity, as full refs. */
function entityContextOf(entity: Entity): EntityContext {
  const namespace = entity.metadata.namespace ?? 'default';
  const relation = (value: unknown, kind: string) =>
    typeof value === 'string' && value
      ? stringifyEntityRef(
          parseEntityRef(value, {
            defaultKind: kind,
            defaultNamespace: namespace,
          }),
        )
      : undefined;
  return {
    ownerRef: relation(entity.spec?.owner, 'group'),
    systemRef: relation(entity.spec?.system, 'system'),
  };
}

/**
 * Ingests the demo manifest's reports through the same service as
 * `POST /reports`, each once its entity is in the catalog (which fills after
 * the backend starts). Reports of missing entities wait for the next run;
 * once every report is in, a run does nothing. Ingest is idempotent, so a
 * restart that loads them again stores nothing new.
 */
export class SecurityDemoLoader {
  private pending: SecurityDemoReport[];
  private waitingFor = '';
  private loaded = 0;
  private failed = 0;

  constructor(
    private readonly options: {
      reports: SecurityDemoReport[];
      service: SecurityService;
      catalog: CatalogService;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {
    this.pending = [...options.reports];
  }

  /** True when every report was ingested or failed. */
  get done(): boolean {
    return this.pending.length === 0;
  }

  async run(): Promise<SecurityDemoRun> {
    const result: SecurityDemoRun = { ingested: [], waiting: [], failed: [] };
    if (this.done) return result;
    const { service, catalog, auth, auditor, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();

    for (const report of this.pending) {
      // While the catalog starts, a lookup may fail: that is waiting too.
      const entity = await catalog
        .getEntityByRef(report.entityRef, { credentials })
        .catch(error => {
          logger.debug(
            `Catalog lookup of ${report.entityRef} failed: ${error}`,
          );
          return undefined;
        });
      if (!entity) {
        result.waiting.push(report);
        continue;
      }
      const file = path.basename(report.file);
      try {
        const ingest = await runAudited(
          auditor,
          {
            eventId: 'security-report-ingest',
            meta: {
              entityRef: report.entityRef,
              artifactDigest: report.artifactDigest,
              format: report.format,
              demoData: file,
            },
          },
          () =>
            service.ingest({
              entityRef: report.entityRef,
              artifactDigest: report.artifactDigest,
              format: report.format,
              body: fs.createReadStream(report.file),
              entity: entityContextOf(entity),
            }),
        );
        result.ingested.push(report);
        this.loaded += 1;
        logger.info(
          `Loaded demo report ${file} for ${report.entityRef} (${
            report.artifactDigest
          }): ${ingest.report.findingCount} findings${
            ingest.duplicate ? ', already stored' : ''
          }`,
        );
      } catch (error) {
        // A report that does not parse will not parse next time either.
        result.failed.push(report);
        this.failed += 1;
        logger.error(
          `Could not load demo report ${file} for ${report.entityRef}: ${error}`,
        );
      }
    }

    this.pending = result.waiting;
    const waitingFor = [...new Set(result.waiting.map(r => r.entityRef))].join(
      ', ',
    );
    if (waitingFor && waitingFor !== this.waitingFor) {
      logger.info(
        `Waiting for ${waitingFor} in the catalog to load their demo security reports`,
      );
    } else if (!waitingFor) {
      logger.info(
        `Finished the demo security reports: ${this.loaded} loaded, ${this.failed} failed`,
      );
    }
    this.waitingFor = waitingFor;
    return result;
  }
}
