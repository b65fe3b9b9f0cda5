-- The address book, its change log and its signed head. Written for both H2 2.x and PostgreSQL:
-- portable types only (no BYTEA/BLOB, hashes and keys are stored as text).

CREATE TABLE contact (
    id              VARCHAR(128)  NOT NULL PRIMARY KEY,
    display_name    VARCHAR(256)  NOT NULL,
    given_name      VARCHAR(256),
    family_name     VARCHAR(256),
    organisation    VARCHAR(256),
    department      VARCHAR(256),
    job_title       VARCHAR(256),
    manager         VARCHAR(256),
    office_location VARCHAR(256),
    last_version    BIGINT        NOT NULL
);
CREATE INDEX contact_display_name ON contact (display_name);

CREATE TABLE contact_email (
    contact_id      VARCHAR(128)  NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    email_position  INTEGER       NOT NULL,
    email           VARCHAR(254)  NOT NULL,
    PRIMARY KEY (contact_id, email_position)
);
CREATE INDEX contact_email_email ON contact_email (email);

CREATE TABLE contact_phone (
    contact_id      VARCHAR(128)  NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    phone_position  INTEGER       NOT NULL,
    phone_type      VARCHAR(16)   NOT NULL,
    phone_number    VARCHAR(32)   NOT NULL,
    PRIMARY KEY (contact_id, phone_position)
);

CREATE TABLE contact_attribute (
    contact_id      VARCHAR(128)  NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    attr_name       VARCHAR(64)   NOT NULL,
    attr_value      VARCHAR(1024) NOT NULL,
    PRIMARY KEY (contact_id, attr_name)
);

CREATE TABLE change_log (
    version         BIGINT        NOT NULL PRIMARY KEY,
    contact_id      VARCHAR(128)  NOT NULL,
    operation       VARCHAR(8)    NOT NULL,
    contact_json    VARCHAR(200000),
    recorded_at     BIGINT        NOT NULL,
    previous_hash   VARCHAR(64)   NOT NULL,
    hash            VARCHAR(64)   NOT NULL
);

-- one row: the version every writer increments under a row lock, so versions have no gaps
CREATE TABLE book_head (
    id              INTEGER       NOT NULL PRIMARY KEY,
    version         BIGINT        NOT NULL,
    hash            VARCHAR(64)   NOT NULL,
    state_lanes     VARCHAR(4000) NOT NULL,
    signature       VARCHAR(200)  NOT NULL,
    log_floor       BIGINT        NOT NULL
);

-- the data server's Ed25519 key pair, created on first start unless a keystore is configured
CREATE TABLE signing_key (
    id              INTEGER       NOT NULL PRIMARY KEY,
    private_key     VARCHAR(400)  NOT NULL,
    public_key      VARCHAR(400)  NOT NULL,
    created_at      BIGINT        NOT NULL
);
