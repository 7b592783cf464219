/**
 * Artifacts, promotions with their steps, and what runs in each stage.
 * Timestamps are UTC ISO 8601 strings, so they sort and compare as text on
 * SQLite and PostgreSQL alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('promotion_artifacts', table => {
    table.comment(
      'Immutable builds; id is the SHA-256 of repository, tag, digest and commit',
    );
    table.string('id', 64).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('image_repository', 255).notNullable();
    table.string('tag', 128).notNullable();
    table.string('digest', 200).notNullable();
    table.string('commit_sha', 64).notNullable();
    table.text('committers').notNullable().comment('JSON array of user refs');
    table.text('provenance').nullable().comment('JSON');
    table.text('signature_bundle').nullable().comment('sigstore bundle JSON');
    table.string('created_by', 255).nullable();
    table.string('created_at', 40).notNullable();
    table.index(['entity_ref', 'created_at']);
  });

  await knex.schema.createTable('promotion_promotions', table => {
    table.comment('Every promotion, retry and rollback; never deleted');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('artifact_id', 64).notNullable();
    table.string('kind', 16).notNullable();
    table.string('state', 32).notNullable();
    table
      .integer('active_slot')
      .nullable()
      .comment(
        '1 while not final, else null: one active promotion per component and stage',
      );
    table.integer('version').notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('requested_at', 40).notNullable();
    table.string('updated_at', 40).notNullable();
    table.string('finished_at', 40).nullable();
    table.text('reason').nullable();
    table.text('message').nullable();
    table.string('previous_artifact_id', 64).nullable();
    table.string('rollback_of', 36).nullable();
    table.string('retry_of', 36).nullable();
    table.string('change_request_id', 36).nullable();
    table.string('idempotency_key', 200).nullable();
    table.text('gates').notNullable().comment('JSON: latest verdict per gate');
    table.string('lease_owner', 64).nullable();
    table.string('lease_until', 40).nullable();
    // NULLs never collide in a unique index on SQLite and PostgreSQL, so only active rows compete.
    table.unique(['entity_ref', 'environment', 'active_slot'], {
      indexName: 'promotion_one_active_per_stage',
    });
    table.unique(['entity_ref', 'idempotency_key'], {
      indexName: 'promotion_idempotency_key',
    });
    table.index(['state', 'requested_at']);
    table.index(['entity_ref', 'requested_at']);
    table.index(['change_request_id']);
  });

  await knex.schema.createTable('promotion_steps', table => {
    table.comment(
      'One record per step of a promotion; history is never capped',
    );
    table.bigIncrements('id').primary();
    table.string('promotion_id', 36).notNullable();
    table.string('state', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.text('message').notNullable();
    table
      .text('verdicts')
      .nullable()
      .comment('JSON gate verdicts judged at this step');
    table.string('at', 40).notNullable();
    table.index(['promotion_id', 'id']);
  });

  await knex.schema.createTable('promotion_stage_states', table => {
    table.comment(
      'What runs in each stage of each component, since when, verified or not',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('artifact_id', 64).notNullable();
    table.string('since', 40).notNullable();
    table.boolean('verified').notNullable();
    table.string('verified_at', 40).nullable();
    table.string('promotion_id', 36).nullable();
    table.primary(['entity_ref', 'environment']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('promotion_stage_states');
  await knex.schema.dropTable('promotion_steps');
  await knex.schema.dropTable('promotion_promotions');
  await knex.schema.dropTable('promotion_artifacts');
};
