extension PostGISSchema {
    /// Routing (who each case goes to now, apart from who answered for it on the detection day)
    /// and re-detection (recurrences linked to the closed case; cases replaced by a rescan).
    static let routing = Migration(name: "v8 routing and recurrence", statements: [
        #"ALTER TABLE "case" ADD COLUMN routing TEXT"#,       // JSON, personal data: the people responsible now
        #"ALTER TABLE "case" ADD COLUMN routed_on TEXT"#,
        #"ALTER TABLE "case" ADD COLUMN routed BOOLEAN NOT NULL DEFAULT false"#,  // true when routing names a grid head
        // Cases made before routing existed go to the people recorded on their detection day.
        #"UPDATE "case" SET routing = responsibility, routed = COALESCE(responsibility LIKE '%"head"%', false)"#,
        #"CREATE INDEX case_unrouted ON "case"(routed, status)"#,
        #"ALTER TABLE "case" ADD COLUMN recurrence_of BIGINT REFERENCES "case"(id)"#,  // the closed case this one recurs
        #"ALTER TABLE "case" ADD COLUMN replaced_by BIGINT"#,  // the rescan that took it out of the ledger (history kept)
    ])
}
