/**
 * Hosted MCP servers: one row per server and environment.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_deployments', table => {
    table.comment('MCP servers hosted by the registry, one row per environment');
    table.bigIncrements('id').primary();
    table.string('server_name', 255).notNullable();
    table.string('environment', 255).notNullable();
    table.string('version', 255).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('namespace', 255).notNullable();
    table.string('workload_name', 255).notNullable();
    table.integer('replicas').notNullable();
    table.integer('ready_replicas').notNullable().defaultTo(0);
    table.string('phase', 16).notNullable();
    table.text('reason').nullable();
    table.text('url').notNullable();
    table.string('transport', 32).notNullable();
    table
      .text('request')
      .notNullable()
      .comment('The deploy request (secrets only as references)');
    table.string('deployed_by', 255).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['server_name', 'environment']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_deployments');
};
