-- The resource manager's token key, made on first start and kept so that the tokens agents hold
-- survive a restart (and every cluster member verifies them): the same shape as signing_key.
CREATE TABLE token_key (
    id              INTEGER       NOT NULL PRIMARY KEY,
    private_key     VARCHAR(400)  NOT NULL,
    public_key      VARCHAR(400)  NOT NULL,
    created_at      BIGINT        NOT NULL
);

-- Revoked node tokens, kept so that a restart does not revive them: every token of the node
-- expiring at or before the cut-off (epoch seconds) is refused. Rows past their cut-off are dead.
CREATE TABLE token_revocation (
    node_id         VARCHAR(128)  NOT NULL PRIMARY KEY,
    cutoff          BIGINT        NOT NULL
);
