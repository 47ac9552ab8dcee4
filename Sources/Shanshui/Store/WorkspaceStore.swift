/// One workspace database that keeps everything: the registry, the grid, the problem ledger,
/// scans, API tokens and inspection draws. Both the SpatiaLite file and the shared PostGIS database are one; the CLI opens either
/// by its `--db` value and hands the same store to every domain type.
public protocol WorkspaceStore: RegistryStore, GridStore, CaseStore, ScanStore, TokenStore, InspectionStore, PatchPageStore,
    LayerPageStore, LayerExtentStore, UserStore, OutboxStore, SearchStore {}
