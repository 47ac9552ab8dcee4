-- v7 users (SpatiaLite). Never edit a shipped migration: add a new file.
-- User accounts with yescrypt password hashes (HTTP Basic sign-in, the web app's sign-in).

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    person_phone TEXT,            -- the grid person this account belongs to
    disabled INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,  -- yescrypt ($y$...), never the password
    created_at TEXT NOT NULL
);
