-- v15 trusted devices (SpatiaLite). Never edit a shipped migration: add a new file.
-- Browsers a person signed in from, kept by the SHA-256 of the device cookie's random id (never
-- the id), each with its own failed sign-ins: wrong passwords from strangers lock the user name
-- for untrusted clients only, so guessing at a name cannot lock its owner out.

CREATE TABLE trusted_device (
    id_hash TEXT PRIMARY KEY,      -- hex SHA-256 of the device cookie's id
    user_name TEXT NOT NULL REFERENCES app_user(name),
    created_at TEXT NOT NULL,      -- trust runs out a fixed time after this sign-in
    failures INTEGER NOT NULL DEFAULT 0,
    first_failed_at TEXT,          -- the start of the device's counting window
    locked_until TEXT              -- set when the device reached the limit
);
CREATE INDEX trusted_device_user ON trusted_device(user_name);
