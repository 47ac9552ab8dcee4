extension Geometry {
    /// This geometry if it is valid, else its MakeValid repair: what every stored outline must be.
    /// A polygonal geometry stays polygonal (collapsed parts are dropped).
    public func validPolygonal() throws -> Geometry {
        try validity().isValid ? self : makeValid()
    }
}
