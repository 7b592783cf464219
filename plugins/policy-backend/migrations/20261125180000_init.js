/**
 * Communication policies (current version), every version's YAML, and every
 * apply or rollback to an environment.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('policy_policies', table => {
    table.comment('The current version of every communication policy');
    table.string('name', 63).primary();
    table.string('source', 63).notNullable().comment('Source service');
    table.string('entity_ref', 255).nullable();
    table.text('description').nullable();
    table
      .integer('version')
      .notNullable()
      .comment('Optimistic-concurrency version, the latest stored version');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('policy_versions', table => {
    table.comment('Every version of every policy, as the YAML written');
    table.string('policy', 63).notNullable();
    table.integer('version').notNullable();
    table.text('yaml').notNullable();
    table.string('author', 255).notNullable();
    table.text('message').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['policy', 'version']);
  });
  await knex.schema.createTable('policy_applies', table => {
    table.comment(
      'Every apply or rollback of a policy version to an environment',
    );
    table.bigIncrements('seq').primary().comment('Order of the applies');
    table.string('id', 36).notNullable().unique();
    table.string('policy', 63).notNullable();
    table.string('environment', 63).notNullable();
    table.integer('version').notNullable();
    table.string('kind', 16).notNullable().comment('apply or rollback');
    table.string('status', 16).notNullable().comment('applied or failed');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table
      .text('objects')
      .notNullable()
      .comment('JSON references of the applied objects');
    table.text('error').nullable();
    table.string('applied_by', 255).notNullable();
    table.timestamp('applied_at', { useTz: true }).notNullable();
    table.string('change_request_id', 64).nullable();
    table.text('message').nullable();
    table.index(
      ['policy', 'environment'],
      'policy_applies_policy_environment_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('policy_applies');
  await knex.schema.dropTable('policy_versions');
  await knex.schema.dropTable('policy_policies');
};
