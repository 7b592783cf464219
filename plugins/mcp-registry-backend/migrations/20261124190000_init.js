/**
 * Server versions (one row per name and version) and their health checks.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_server_versions', table => {
    table.comment('Every published version of every MCP server');
    table.bigIncrements('id').primary();
    table.string('name', 255).notNullable();
    table.string('version', 255).notNullable();
    table.text('description').notNullable();
    table
      .text('server_json')
      .notNullable()
      .comment('The server.json as published');
    table
      .string('owner', 255)
      .notNullable()
      .comment('Entity ref of the owning group');
    table.string('hosting_component', 255).nullable();
    table.string('status', 32).notNullable().defaultTo('active');
    table.boolean('is_latest').notNullable().defaultTo(false);
    table.string('published_by', 255).nullable();
    table.string('health_state', 32).notNullable().defaultTo('unknown');
    table
      .text('tools')
      .nullable()
      .comment('JSON tool inventory from the last probe');
    table.timestamp('published_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['name', 'version']);
    table.index(['name', 'is_latest']);
    table.index(['updated_at']);
  });
  await knex.schema.createTable('mcp_health_checks', table => {
    table.comment('Health history of every probed server version');
    table.bigIncrements('id').primary();
    table.string('name', 255).notNullable();
    table.string('version', 255).notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.string('state', 32).notNullable();
    table.integer('latency_ms').nullable();
    table.text('reason').nullable();
    table.string('protocol_version', 64).nullable();
    table.text('server_info').nullable();
    table.text('tools').nullable();
    table.integer('resource_count').nullable();
    table.integer('prompt_count').nullable();
    table.text('inventory_changes').nullable();
    table.index(['name', 'checked_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_health_checks');
  await knex.schema.dropTable('mcp_server_versions');
};
