-- v14 sessions and lockout (SpatiaLite). Never edit a shipped migration: add a new file.
-- Web sign-in for people: sessions kept by the SHA-256 of the cookie's random id (never the id),
-- and failed sign-ins per user name for the lockout.

CREATE TABLE user_session (
    id_hash TEXT PRIMARY KEY,     -- hex SHA-256 of the cookie's session id
    user_name TEXT NOT NULL REFERENCES app_user(name),
    csrf_token TEXT NOT NULL,     -- sent back in X-CSRF-Token on every unsafe request
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX user_session_user ON user_session(user_name);

CREATE TABLE sign_in_failure (
    user_name TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    first_failed_at TEXT NOT NULL, -- the start of the counting window
    locked_until TEXT              -- set when the limit was reached
);
