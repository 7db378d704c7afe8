/// NFD, NFKD, NFC and NFKC as HF tokenizers runs them: the `unicode-normalization-alignments` crate's
/// `Decompositions` and `Recompositions` iterators (decompose.rs, recompose.rs), which tag every output scalar
/// with the change `NormalizedText.transform` needs for alignments. Tables from `UnicodeTables`.
enum UnicodeNormalization {
    /// The four normalization forms.
    enum Form: Sendable, Equatable {
        case nfd, nfkd, nfc, nfkc
    }

    /// Normalizes `text` in place, alignments included.
    static func apply(_ form: Form, to text: inout NormalizedText) {
        let tables = UnicodeTables.shared
        let decomposed = decompose(text.scalars, compatibility: form == .nfkd || form == .nfkc, tables)
        switch form {
        case .nfd, .nfkd: text.transform(decomposed)
        case .nfc, .nfkc: text.transform(recompose(decomposed, tables))
        }
    }

    /// `Decompositions`: each scalar's full decomposition (the first piece a replacement, the rest insertions),
    /// then every run of non-starters stably sorted by combining class.
    static func decompose(_ scalars: [UInt32], compatibility: Bool, _ tables: UnicodeTables) -> [(UInt32, Int)] {
        var out: [(UInt32, Int)] = []
        var classes: [UInt8] = []
        out.reserveCapacity(scalars.count)
        var pendingStart = 0
        func sortPending() {
            guard out.count - pendingStart > 1 else { return }
            let range = pendingStart..<out.count
            var sorted = true
            for i in range.dropFirst() where classes[i - 1] > classes[i] { sorted = false }
            if !sorted {
                let order = range.sorted { (classes[$0], $0) < (classes[$1], $1) }
                let items = order.map { out[$0] }
                let cls = order.map { classes[$0] }
                out.replaceSubrange(range, with: items)
                classes.replaceSubrange(range, with: cls)
            }
        }
        func push(_ s: UInt32, first: Bool) {
            let c = tables.combiningClass(s)
            if c == 0 {
                sortPending()
                pendingStart = out.count
            }
            out.append((s, first ? 0 : 1))
            classes.append(c)
        }
        for s in scalars {
            if let d = tables.decomposition(s, compatibility: compatibility) {
                for (k, piece) in d.enumerated() { push(piece, first: k == 0) }
            } else {
                push(s, first: true)
            }
        }
        sortPending()
        return out
    }

    /// `Recompositions`: canonical composition of decomposed, tagged scalars; a composite carries the changes of
    /// both its parts, minus one.
    static func recompose(_ input: [(UInt32, Int)], _ tables: UnicodeTables) -> [(UInt32, Int)] {
        var out: [(UInt32, Int)] = []
        out.reserveCapacity(input.count)
        var buffer: [(UInt32, Int)] = []
        var composee: (UInt32, Int)?
        var lastClass: UInt8?
        for (ch, change) in input {
            let chClass = tables.combiningClass(ch)
            guard let k = composee else {
                if chClass != 0 {
                    out.append((ch, change))
                } else {
                    composee = (ch, change)
                }
                continue
            }
            if let l = lastClass {
                if l >= chClass {
                    // Blocked from the composee.
                    if chClass == 0 {
                        out.append(k)
                        out.append(contentsOf: buffer)
                        buffer.removeAll(keepingCapacity: true)
                        composee = (ch, change)
                        lastClass = nil
                    } else {
                        buffer.append((ch, change))
                        lastClass = chClass
                    }
                    continue
                }
                if let r = tables.composite(k.0, ch) {
                    composee = (r, k.1 + change - 1)
                } else {
                    buffer.append((ch, change))
                    lastClass = chClass
                }
            } else if let r = tables.composite(k.0, ch) {
                composee = (r, k.1 + change - 1)
            } else if chClass == 0 {
                out.append(k)
                composee = (ch, change)
            } else {
                buffer.append((ch, change))
                lastClass = chClass
            }
        }
        if let k = composee { out.append(k) }
        out.append(contentsOf: buffer)
        return out
    }
}
