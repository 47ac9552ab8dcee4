-- v4 tokens (SpatiaLite). Never edit a shipped migration: add a new file.
-- API bearer tokens, kept as SHA-256 hashes of their secrets.

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
