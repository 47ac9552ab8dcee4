import GeoKit

extension ChipImagery {
    /// An epoch's imagery for chips, band roles from `bands` (the before epoch's, as scans use
    /// them for both), else blue, green, red, NIR as bands 1–4.
    public init(epoch: Epoch, bands: String?) throws {
        let roles = try bands.map { try BandRoles(parsing: $0) } ?? BandRoles([.blue: 1, .green: 2, .red: 3, .nir: 4])
        self.init(paths: epoch.paths, red: roles.bands[.red] ?? 3, green: roles.bands[.green] ?? 2, blue: roles.bands[.blue] ?? 1,
                  nir: roles.bands[.nir] ?? 4, date: epoch.date)
    }
}
