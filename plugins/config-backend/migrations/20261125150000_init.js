/**
 * Application configurations (current version), their change sets, the
 * deliveries to clusters and the drift reports.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('config_applications', table => {
    table.comment('The current version of every application configuration');
    table.string('name', 64).primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity the configuration belongs to');
    table.text('description').nullable();
    table
      .integer('version')
      .notNullable()
      .comment('Optimistic-concurrency version, the latest change set');
    table
      .text('spec')
      .notNullable()
      .comment('JSON ApplicationConfiguration spec');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('config_change_sets', table => {
    table.comment('Every version of every application configuration');
    table.bigIncrements('id').primary();
    table.string('application', 64).notNullable();
    table.integer('version').notNullable();
    table.string('kind', 32).notNullable();
    table.string('author', 255).notNullable();
    table.text('message').nullable();
    table
      .text('changed_keys')
      .notNullable()
      .comment('JSON array of spec paths');
    table.text('spec').notNullable().comment('JSON spec as of this version');
    table.string('change_request_id', 64).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['application', 'version']);
  });
  await knex.schema.createTable('config_deliveries', table => {
    table.comment('Every apply of a configuration to an environment');
    table.bigIncrements('id').primary();
    table.string('application', 64).notNullable();
    table.string('environment', 63).notNullable();
    table.integer('version').notNullable();
    table.string('status', 16).notNullable().comment('applied or failed');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('config_map_name', 253).notNullable();
    table
      .text('objects')
      .notNullable()
      .comment('JSON objects as rendered, compared by drift detection');
    table.text('workload').nullable();
    table.text('error').nullable();
    table.string('delivered_by', 255).notNullable();
    table.timestamp('delivered_at', { useTz: true }).notNullable();
    table.index(['application', 'environment', 'id']);
  });
  await knex.schema.createTable('config_drift_reports', table => {
    table.comment('Cluster state compared with the last delivery');
    table.bigIncrements('id').primary();
    table.string('application', 64).notNullable();
    table.string('environment', 63).notNullable();
    table.string('status', 16).notNullable();
    table.text('report').notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.index(['application', 'environment', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('config_drift_reports');
  await knex.schema.dropTable('config_deliveries');
  await knex.schema.dropTable('config_change_sets');
  await knex.schema.dropTable('config_applications');
};
