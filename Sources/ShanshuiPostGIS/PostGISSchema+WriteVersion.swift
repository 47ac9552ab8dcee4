extension PostGISSchema {
    /// v12, as in the SpatiaLite store: a write version per data set, bumped by statement
    /// triggers in the writing transaction, so a cache (the server's grid lookup index) sees any
    /// change, whichever process or connection made it.
    static let writeVersion = Migration(name: "v12 grid write version", statements: [
        "CREATE TABLE write_version (name TEXT PRIMARY KEY, version BIGINT NOT NULL)",
        "INSERT INTO write_version (name, version) VALUES ('grid', 0)",
        """
        CREATE FUNCTION bump_grid_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE write_version SET version = version + 1 WHERE name = 'grid';
            RETURN NULL;
        END $$
        """,
    ] + ["grid_cell", "grid_assignment", "grid_person"].map { table in
        """
        CREATE TRIGGER \(table)_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION bump_grid_version()
        """
    })
}
