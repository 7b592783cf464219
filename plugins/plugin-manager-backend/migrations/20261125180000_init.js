/**
 * Revisions of the installed dynamic plugins, the installed plugins, and the
 * errors observed per plugin for its health.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('plugin_manager_revisions', table => {
    table.comment('Every change to the installed dynamic plugins');
    table
      .integer('revision')
      .primary()
      .comment(
        '1, 2, 3…; the primary key turns a concurrent change into a conflict',
      );
    table.string('action', 32).notNullable();
    table.string('package', 214).notNullable();
    table.string('from_version', 256).nullable();
    table.string('to_version', 256).nullable();
    table.string('author', 255).notNullable();
    table.text('message').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .text('plugins')
      .notNullable()
      .comment('JSON dynamic-plugins.yaml plugins after this revision');
    table.string('change_request_id', 64).nullable();
    table.index(['package'], 'plugin_manager_revisions_package_idx');
  });
  await knex.schema.createTable('plugin_manager_installations', table => {
    table.comment('The installed dynamic plugins, as of the latest revision');
    table.string('package', 214).primary();
    table.string('version', 256).notNullable();
    table.string('folder', 255).notNullable();
    table.boolean('disabled').notNullable().defaultTo(false);
    table.text('integrity').notNullable();
    table.string('role', 64).nullable();
    table.string('plugin_id', 255).nullable();
    table.text('plugin_config').nullable().comment('JSON pluginConfig');
    table.timestamp('installed_at', { useTz: true }).notNullable();
    table.string('installed_by', 255).notNullable();
    table
      .text('previous_versions')
      .notNullable()
      .comment('JSON array, newest first: the rollback targets kept on disk');
  });
  await knex.schema.createTable('plugin_manager_errors', table => {
    table.comment('Errors observed per plugin, for its health');
    table.bigIncrements('id').primary();
    table.string('package', 214).notNullable();
    table.text('message').notNullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.index(['package', 'occurred_at'], 'plugin_manager_errors_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('plugin_manager_errors');
  await knex.schema.dropTable('plugin_manager_installations');
  await knex.schema.dropTable('plugin_manager_revisions');
};
