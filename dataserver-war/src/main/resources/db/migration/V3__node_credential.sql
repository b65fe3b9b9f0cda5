-- Per-node enrollment credentials (peerbook.registry.enrollment=per-node): an administrator issues
-- one per node id; only its SHA-256 is kept (the credential is 256 random bits, shown once).
CREATE TABLE node_credential (
    node_id         VARCHAR(128)  NOT NULL PRIMARY KEY,
    credential_hash VARCHAR(64)   NOT NULL,
    issued_at       BIGINT        NOT NULL
);
