/// A small dense square matrix of doubles, row-major, with the few operations change detection
/// needs (Cholesky, inverse, symmetric eigen-decomposition): the canonical correlation analysis
/// behind IR-MAD works on band-by-band covariance matrices of at most a dozen rows.
struct SquareMatrix: Sendable, Equatable {
    /// Rows (and columns).
    let size: Int
    /// The entries, row by row.
    var values: [Double]

    /// A zero matrix.
    init(size: Int) {
        self.size = size
        values = Array(repeating: 0, count: size * size)
    }

    /// The identity matrix.
    static func identity(_ size: Int) -> SquareMatrix {
        var m = SquareMatrix(size: size)
        for i in 0..<size { m[i, i] = 1 }
        return m
    }

    subscript(_ row: Int, _ column: Int) -> Double {
        get { values[row * size + column] }
        set { values[row * size + column] = newValue }
    }

    /// The transpose.
    var transposed: SquareMatrix {
        var t = SquareMatrix(size: size)
        for i in 0..<size { for j in 0..<size { t[j, i] = self[i, j] } }
        return t
    }

    static func * (a: SquareMatrix, b: SquareMatrix) -> SquareMatrix {
        var c = SquareMatrix(size: a.size)
        for i in 0..<a.size {
            for k in 0..<a.size where a[i, k] != 0 {
                for j in 0..<a.size { c[i, j] += a[i, k] * b[k, j] }
            }
        }
        return c
    }

    /// The lower-triangular Cholesky factor L with L·Lᵀ = self; nil when not positive definite.
    func cholesky() -> SquareMatrix? {
        var l = SquareMatrix(size: size)
        for i in 0..<size {
            for j in 0...i {
                var sum = self[i, j]
                for k in 0..<j { sum -= l[i, k] * l[j, k] }
                if i == j {
                    guard sum > 1e-12 else { return nil }
                    l[i, i] = sum.squareRoot()
                } else {
                    l[i, j] = sum / l[j, j]
                }
            }
        }
        return l
    }

    /// The inverse by Gauss-Jordan elimination with partial pivoting; nil when singular.
    func inverse() -> SquareMatrix? {
        var a = self, inv = SquareMatrix.identity(size)
        for column in 0..<size {
            var pivot = column
            for row in column..<size where abs(a[row, column]) > abs(a[pivot, column]) { pivot = row }
            guard abs(a[pivot, column]) > 1e-15 else { return nil }
            if pivot != column {
                for j in 0..<size {
                    a.values.swapAt(pivot * size + j, column * size + j)
                    inv.values.swapAt(pivot * size + j, column * size + j)
                }
            }
            let scale = 1 / a[column, column]
            for j in 0..<size {
                a[column, j] *= scale
                inv[column, j] *= scale
            }
            for row in 0..<size where row != column && a[row, column] != 0 {
                let factor = a[row, column]
                for j in 0..<size {
                    a[row, j] -= factor * a[column, j]
                    inv[row, j] -= factor * inv[column, j]
                }
            }
        }
        return inv
    }

    /// Eigenvalues (ascending) and eigenvectors (as columns, in the same order) of a symmetric
    /// matrix, by cyclic Jacobi rotations: exact enough and simple for matrices this small.
    func symmetricEigen() -> (values: [Double], vectors: SquareMatrix) {
        var a = self, v = SquareMatrix.identity(size)
        for _ in 0..<100 {
            var offDiagonal = 0.0
            for i in 0..<size { for j in (i + 1)..<max(i + 1, size) { offDiagonal += a[i, j] * a[i, j] } }
            if offDiagonal < 1e-22 { break }
            for p in 0..<size {
                for q in (p + 1)..<max(p + 1, size) where abs(a[p, q]) > 1e-300 {
                    let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<size {
                        let akp = a[k, p], akq = a[k, q]
                        a[k, p] = c * akp - s * akq
                        a[k, q] = s * akp + c * akq
                    }
                    for k in 0..<size {
                        let apk = a[p, k], aqk = a[q, k]
                        a[p, k] = c * apk - s * aqk
                        a[q, k] = s * apk + c * aqk
                    }
                    for k in 0..<size {
                        let vkp = v[k, p], vkq = v[k, q]
                        v[k, p] = c * vkp - s * vkq
                        v[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<size).sorted { a[$0, $0] < a[$1, $1] }
        var vectors = SquareMatrix(size: size)
        for (newColumn, old) in order.enumerated() {
            for row in 0..<size { vectors[row, newColumn] = v[row, old] }
        }
        return (order.map { a[$0, $0] }, vectors)
    }
}
