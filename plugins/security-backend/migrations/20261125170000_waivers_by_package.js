/**
 * Waivers cover a vulnerability in one package (or in every package) of an
 * entity, and remember who approved them and when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('security_waivers', table => {
    table.dropIndex(['finding_id']);
  });
  await knex.schema.alterTable('security_waivers', table => {
    table.dropColumn('finding_id');
    table.dropColumn('environment');
  });
  await knex('security_waivers').whereNull('vulnerability_id').delete();
  await knex.schema.alterTable('security_waivers', table => {
    table.string('package_name', 255).nullable();
    table
      .text('approved_by')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of the approvers');
    table.string('approved_at', 30).nullable();
    table.index(['entity_ref', 'vulnerability_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('security_waivers', table => {
    table.dropIndex(['entity_ref', 'vulnerability_id']);
    table.dropColumn('approved_at');
    table.dropColumn('approved_by');
    table.dropColumn('package_name');
  });
  await knex.schema.alterTable('security_waivers', table => {
    table.string('finding_id', 64).nullable();
    table.string('environment', 63).nullable();
    table.index(['finding_id']);
  });
};
