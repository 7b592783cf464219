import type { Knex } from 'knex';

// The change-request tables are created in the database of each plugin that uses
// the engine. The migrations live in code, not in a folder found at runtime, so the
// engine works the same when a plugin is bundled as a dynamic plugin.
async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idp_change_requests', table => {
    table.comment(
      'Changes that need approvals before reaching a protected environment',
    );
    table.string('id').primary().notNullable();
    table.string('plugin_id').notNullable();
    table.string('kind').notNullable();
    table.string('title').notNullable();
    table.text('description').nullable();
    table.string('environment').notNullable();
    table.string('entity_ref').nullable();
    table.string('requester').notNullable();
    table.integer('required_approvals').notNullable();
    table.text('approvers').notNullable().comment('JSON array of entity refs');
    table
      .text('payload')
      .notNullable()
      .comment('JSON, interpreted by the owning plugin');
    table.string('state').notNullable();
    table.integer('version').notNullable();
    table.string('created_at').notNullable();
    table.string('updated_at').notNullable();
    table.string('expires_at').notNullable();
    table.index(['plugin_id', 'state'], 'idp_change_requests_plugin_state_idx');
    table.index(['entity_ref'], 'idp_change_requests_entity_idx');
  });
  await knex.schema.createTable('idp_change_request_decisions', table => {
    table.comment('Approvals and rejections, one per approver and request');
    table
      .string('request_id')
      .notNullable()
      .references('id')
      .inTable('idp_change_requests')
      .onDelete('CASCADE');
    table.string('approver').notNullable();
    table.string('decision').notNullable();
    table.text('comment').nullable();
    table.string('decided_at').notNullable();
    table.primary(['request_id', 'approver']);
  });
  await knex.schema.createTable('idp_change_request_transitions', table => {
    table.comment('Every state change of a request, in order');
    table.increments('id');
    table
      .string('request_id')
      .notNullable()
      .references('id')
      .inTable('idp_change_requests')
      .onDelete('CASCADE');
    table.string('from_state').nullable();
    table.string('to_state').notNullable();
    table.string('actor').notNullable();
    table.text('reason').nullable();
    table.string('at').notNullable();
    table.index(['request_id'], 'idp_change_request_transitions_request_idx');
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idp_change_request_transitions');
  await knex.schema.dropTable('idp_change_request_decisions');
  await knex.schema.dropTable('idp_change_requests');
}

/**
 * Knex migration source of the change-request engine; the name matches the file
 * the migration was first shipped as, so databases migrated before keep their history.
 */
export const changeRequestMigrations: Knex.MigrationSource<string> = {
  async getMigrations() {
    return ['20261124000000_change_requests.js'];
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration() {
    return { up, down };
  },
};
