import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  McpDeployRequest,
  McpDeployment,
  McpDeploymentPhase,
} from '@idp-platform/backstage-plugin-idp-common';
import { Knex } from 'knex';
import { migrateMcpRegistryDatabase } from './migrateMcpRegistryDatabase';

const TABLE = 'mcp_deployments';

/** A hosted server as stored, with the request that deployed it. */
export interface McpDeploymentRecord extends McpDeployment {
  request: McpDeployRequest;
}

interface Row {
  server_name: string;
  environment: string;
  version: string;
  cluster: string;
  namespace: string;
  workload_name: string;
  replicas: number;
  ready_replicas: number;
  phase: string;
  reason: string | null;
  url: string;
  transport: string;
  request: string;
  deployed_by: string | null;
  updated_at: Date | string;
}

function toRecord(row: Row): McpDeploymentRecord {
  return {
    serverName: row.server_name,
    environment: row.environment,
    version: row.version,
    cluster: row.cluster,
    namespace: row.namespace,
    workloadName: row.workload_name,
    replicas: Number(row.replicas),
    readyReplicas: Number(row.ready_replicas),
    phase: row.phase as McpDeploymentPhase,
    reason: row.reason ?? undefined,
    url: row.url,
    transport: row.transport as McpDeployment['transport'],
    request: JSON.parse(row.request),
    deployedBy: row.deployed_by ?? undefined,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Persists which server versions run in which environment. */
export class McpDeploymentStore {
  static async create(database: DatabaseService): Promise<McpDeploymentStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateMcpRegistryDatabase(client);
    }
    return new McpDeploymentStore(client);
  }

  constructor(private readonly db: Knex) {}

  /** Inserts or replaces the deployment of a server in an environment. */
  async save(record: McpDeploymentRecord): Promise<McpDeploymentRecord> {
    const row: Row = {
      server_name: record.serverName,
      environment: record.environment,
      version: record.version,
      cluster: record.cluster,
      namespace: record.namespace,
      workload_name: record.workloadName,
      replicas: record.replicas,
      ready_replicas: record.readyReplicas,
      phase: record.phase,
      reason: record.reason ?? null,
      url: record.url,
      transport: record.transport,
      request: JSON.stringify(record.request),
      deployed_by: record.deployedBy ?? null,
      updated_at: new Date(record.updatedAt),
    };
    await this.db(TABLE)
      .insert(row)
      .onConflict(['server_name', 'environment'])
      .merge();
    return (await this.get(record.serverName, record.environment))!;
  }

  /** Records what the cluster reports about a rollout. */
  async updateStatus(
    serverName: string,
    environment: string,
    status: {
      phase: McpDeploymentPhase;
      readyReplicas: number;
      reason?: string;
      updatedAt: string;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({ server_name: serverName, environment })
      .update({
        phase: status.phase,
        ready_replicas: status.readyReplicas,
        reason: status.reason ?? null,
        updated_at: new Date(status.updatedAt),
      });
  }

  async get(
    serverName: string,
    environment: string,
  ): Promise<McpDeploymentRecord | undefined> {
    const row = await this.db<Row>(TABLE)
      .where({ server_name: serverName, environment })
      .first();
    return row ? toRecord(row) : undefined;
  }

  /** Deployments of one server, or of all servers, by name and environment. */
  async list(serverName?: string): Promise<McpDeploymentRecord[]> {
    const query = this.db<Row>(TABLE).orderBy(['server_name', 'environment']);
    if (serverName) query.where({ server_name: serverName });
    return (await query).map(toRecord);
  }

  async delete(serverName: string, environment: string): Promise<void> {
    await this.db(TABLE)
      .where({ server_name: serverName, environment })
      .delete();
  }
}
