-- v5 inspections (SpatiaLite). Never edit a shipped migration: add a new file.
-- Double-random inspection draws: inputs, seed and result, append-only.

CREATE TABLE inspection_draw (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    target_kind TEXT NOT NULL,    -- cases, cells, reserves
    filter TEXT NOT NULL,         -- JSON array of KEY=VALUE
    inspector_source TEXT NOT NULL,
    seed TEXT NOT NULL,
    inputs TEXT NOT NULL,         -- canonical inputs (personal data: inspectors, grid people)
    inputs_hash TEXT NOT NULL,    -- SHA-256 of inputs
    picks TEXT NOT NULL           -- JSON: [{target, inspectors: [{name, phone, unit}]}]
);
-- Draws are evidence: never changed or removed.
CREATE TRIGGER inspection_draw_no_update BEFORE UPDATE ON inspection_draw
    BEGIN SELECT RAISE(ABORT, 'inspection draws are append-only'); END;
CREATE TRIGGER inspection_draw_no_delete BEFORE DELETE ON inspection_draw
    BEGIN SELECT RAISE(ABORT, 'inspection draws are append-only'); END;
