/**
 * Scanner reports, deduplicated findings with the scanners that see them,
 * SBOM packages, waivers and artifact signatures.
 *
 * Times are UTC ISO 8601 strings so they compare correctly as text on every
 * database; `*_day` columns hold their YYYY-MM-DD prefix for the trend.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('security_reports', table => {
    table.comment(
      'Every ingested scanner report, one row per distinct content',
    );
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('artifact_digest', 150).notNullable();
    table.string('format', 16).notNullable();
    table.text('scanners').notNullable().comment('JSON array of scanner names');
    table
      .string('content_hash', 64)
      .notNullable()
      .comment('sha256 of the normalised findings');
    table.integer('finding_count').notNullable();
    table.string('received_by', 255).nullable();
    table.string('received_at', 30).notNullable();
    table.unique(['entity_ref', 'artifact_digest', 'content_hash']);
    table.index(['artifact_digest', 'received_at']);
    table.index(['entity_ref', 'received_at']);
  });

  await knex.schema.createTable('security_findings', table => {
    table.comment(
      'Findings deduplicated per entity and artifact across scanners',
    );
    table
      .string('id', 64)
      .primary()
      .comment('sha256 of entity, artifact and the finding key');
    table.string('entity_ref', 255).notNullable();
    table.string('artifact_digest', 150).notNullable();
    table.string('vulnerability_id', 255).notNullable();
    table.text('title').notNullable();
    table.string('package_name', 255).nullable();
    table.string('installed_version', 255).nullable();
    table.string('fixed_version', 255).nullable();
    table.text('location').nullable();
    table.string('severity', 16).notNullable();
    table.integer('severity_rank').notNullable();
    table.float('cvss_score').nullable();
    table.string('cvss_vector', 255).nullable();
    table.string('status', 16).notNullable();
    table.string('first_seen', 30).notNullable();
    table.string('first_seen_day', 10).notNullable();
    table.string('last_seen', 30).notNullable();
    table.string('fixed_at', 30).nullable();
    table.string('fixed_day', 10).nullable();
    table.string('owner_ref', 255).nullable();
    table.string('system_ref', 255).nullable();
    table.index(['artifact_digest', 'status', 'severity_rank']);
    table.index(['entity_ref', 'status', 'severity_rank']);
    table.index(['status', 'severity_rank', 'first_seen']);
    table.index(['owner_ref', 'status']);
    table.index(['system_ref', 'status']);
    table.index(['entity_ref', 'first_seen_day']);
    table.index(['entity_ref', 'fixed_day']);
    table.index(['vulnerability_id']);
  });

  await knex.schema.createTable('security_finding_scanners', table => {
    table.comment('Which scanner sees which finding, and in which report last');
    table.string('finding_id', 64).notNullable();
    table.string('scanner', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('artifact_digest', 150).notNullable();
    table.boolean('present').notNullable();
    table.string('last_report_id', 36).notNullable();
    table.string('last_seen', 30).notNullable();
    table.primary(['finding_id', 'scanner']);
    table.index(['entity_ref', 'artifact_digest', 'scanner', 'present']);
  });

  await knex.schema.createTable('security_sbom_packages', table => {
    table.comment('Packages of CycloneDX reports');
    table.bigIncrements('id').primary();
    table.string('report_id', 36).notNullable();
    table.string('artifact_digest', 150).notNullable();
    table.text('name').notNullable();
    table.string('version', 255).nullable();
    table.text('purl').nullable();
    table.string('type', 64).nullable();
    table.text('licenses').notNullable().comment('JSON array');
    table.index(['report_id']);
  });

  await knex.schema.createTable('security_waivers', table => {
    table.comment('Approved waivers; the id is the change request id');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('finding_id', 64).nullable();
    table.string('vulnerability_id', 255).nullable();
    table.string('environment', 63).nullable();
    table.text('justification').notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('created_at', 30).notNullable();
    table.string('expires_at', 30).notNullable();
    table.index(['entity_ref', 'expires_at']);
    table.index(['finding_id']);
  });

  await knex.schema.createTable('security_signatures', table => {
    table.comment(
      'Sigstore bundles uploaded per artifact and their verification',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('artifact_digest', 150).notNullable();
    table.string('status', 16).notNullable();
    table.text('reason').nullable();
    table.text('signer_subject').nullable();
    table.string('signer_issuer', 255).nullable();
    table.string('predicate_type', 255).nullable();
    table.integer('slsa_level').nullable();
    table.text('builder_id').nullable();
    table.text('bundle').notNullable();
    table.string('created_at', 30).notNullable();
    table.index(['artifact_digest', 'created_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_signatures');
  await knex.schema.dropTable('security_waivers');
  await knex.schema.dropTable('security_sbom_packages');
  await knex.schema.dropTable('security_finding_scanners');
  await knex.schema.dropTable('security_findings');
  await knex.schema.dropTable('security_reports');
};
