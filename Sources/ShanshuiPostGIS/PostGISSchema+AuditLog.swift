extension PostGISSchema {
    /// v10, as in the SpatiaLite store: an insert naming an existing event id is refused before
    /// any conflict handling, so no form of upsert can rewrite an audit entry (UPDATE, DELETE and
    /// TRUNCATE are refused since v3; `ON CONFLICT DO UPDATE` also fires that UPDATE trigger).
    static let auditLog = Migration(name: "v10 audit log refuses replace", statements: [
        """
        CREATE FUNCTION case_event_no_replace() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM case_event WHERE id = NEW.id) THEN
                RAISE EXCEPTION 'the case audit log is append-only: an event is never replaced';
            END IF;
            RETURN NEW;
        END $$
        """,
        """
        CREATE TRIGGER case_event_no_replace BEFORE INSERT ON case_event
            FOR EACH ROW EXECUTE FUNCTION case_event_no_replace()
        """,
    ])

    /// v11: each event's link in its case's hash chain (`AuditChain`); older events keep none.
    static let auditChain = Migration(name: "v11 audit hash chain", statements: [
        "ALTER TABLE case_event ADD COLUMN hash TEXT",
    ])
}
