-- 0010_run_audit — what each run was made of, for the audit trail (issue 10).
-- Grain: meta.run stays one row per run. config_hash now holds the sha256 of the resolved
-- configuration and code_version the package version with the git commit (or a hash of the
-- source tree); manifest_sha256 is the sha256 of the manifest.json the run published (NULL
-- when it published nothing). The input files' sha256 are in meta.load_file.
ALTER TABLE meta.run ADD COLUMN manifest_sha256 VARCHAR;

COMMENT ON COLUMN meta.run.config_hash IS 'sha256 of the resolved configuration the run used (defaults filled in, paths resolved)';
COMMENT ON COLUMN meta.run.code_version IS 'package version + git commit (git.<12 hex>) or, without a checkout, a hash of the source tree (tree.<12 hex>)';
COMMENT ON COLUMN meta.run.manifest_sha256 IS 'sha256 of the manifest.json this run published; NULL when it published nothing';
