import Foundation

/// The three text transforms of HF's BasicTokenizer, keeping each scalar's origin:
/// `unicodedata.normalize("NFC", text)`, `str.lower()` and `_run_strip_accents` (NFD, then drop `Mn`).
enum Normalization {
    /// NFC, as `BasicTokenizer.tokenize` applies to the cleaned text before splitting on whitespace.
    ///
    /// Called per whitespace-delimited word: spaces never compose, so NFC of the text is NFC of its words.
    /// Text already in NFC (almost all text) is left as is; otherwise the word is cut into groups that
    /// normalize independently and every output scalar of a group points at the whole group.
    /// `scratch` is working space.
    static func nfc(_ buffer: inout AlignedScalars, scratch: inout AlignedScalars) {
        if buffer.scalars.allSatisfy({ $0.value < 0x300 }) { return }
        // Canonically equivalent, so NFC is unchanged; it keeps Foundation off its quadratic path for a
        // long unsorted run of combining marks (100k marks would take minutes).
        canonicallyReorder(&buffer)
        if composed(buffer.scalars[...]).elementsEqual(buffer.scalars) { return }
        compose(buffer, into: &scratch)
        swap(&buffer, &scratch)
    }

    private static func compose(_ input: AlignedScalars, into output: inout AlignedScalars) {
        output.removeAll()
        // Chunks start at each starter (canonical combining class 0); adjacent chunks merge into one group
        // while normalizing them together differs from normalizing them apart (Hangul L+V+T, reordering).
        var groupStart = 0
        var groupNFC: [Unicode.Scalar] = []
        var chunkStart = 0
        func emitGroup(upTo end: Int) {
            let span = input.span(groupStart..<end)
            for s in groupNFC { output.append(s, lower: span.lowerBound, upper: span.upperBound) }
        }
        for i in 1...input.count {
            let boundary = i == input.count || input.scalars[i].properties.canonicalCombiningClass.rawValue == 0
            guard boundary else { continue }
            let chunk = composed(input.scalars[chunkStart..<i])
            if chunkStart == 0 {
                groupNFC = chunk
            } else {
                let joint = composed(input.scalars[groupStart..<i])
                if joint.elementsEqual(groupNFC + chunk) {
                    emitGroup(upTo: chunkStart)
                    groupStart = chunkStart
                    groupNFC = chunk
                } else {
                    groupNFC = joint
                }
            }
            chunkStart = i
        }
        emitGroup(upTo: input.count)
    }

    /// Python's `str.lower()`: full lowercase mappings (`İ` → `i̇`), including Final_Sigma (`Σ` → `ς` at the
    /// end of a word), which Python applies and a scalar-by-scalar mapping would miss.
    static func lowercase(_ input: AlignedScalars, into output: inout AlignedScalars) {
        output.removeAll()
        let scalars = input.scalars
        for i in 0..<scalars.count {
            let s = scalars[i]
            let v = s.value
            let lo = input.lower[i], hi = input.upper[i]
            if v < 0x80 {
                output.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : s, lower: lo, upper: hi)
            } else if v == 0x3A3 {
                output.append(isFinalSigma(scalars, at: i) ? "\u{3C2}" : "\u{3C3}", lower: lo, upper: hi)
            } else if s.properties.changesWhenLowercased {
                for m in s.properties.lowercaseMapping.unicodeScalars { output.append(m, lower: lo, upper: hi) }
            } else {
                output.append(s, lower: lo, upper: hi)
            }
        }
    }

    /// CPython's `handle_capital_sigma`: Σ is final when preceded by a cased letter and not followed by one,
    /// skipping case-ignorable characters both ways.
    static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var j = index - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, scalars[j].properties.isCased else { return false }
        var k = index + 1
        while k < scalars.count && scalars[k].properties.isCaseIgnorable { k += 1 }
        return k == scalars.count || !scalars[k].properties.isCased
    }

    /// `_run_strip_accents`: canonical decomposition (NFD, with canonical reordering), then every
    /// nonspacing mark (`Mn`) dropped. Each decomposed scalar keeps the origin of the scalar it came from.
    static func stripAccents(
        _ input: AlignedScalars, into output: inout AlignedScalars, cache: inout DecompositionCache
    ) {
        output.removeAll()
        var needsReordering = false
        for i in 0..<input.count {
            let s = input.scalars[i]
            let lo = input.lower[i], hi = input.upper[i]
            if s.value < 0x80 {
                output.append(s, lower: lo, upper: hi)
                continue
            }
            for d in cache.decomposition(of: s) {
                needsReordering = needsReordering || d.properties.canonicalCombiningClass.rawValue != 0
                output.append(d, lower: lo, upper: hi)
            }
        }
        if needsReordering { canonicallyReorder(&output) }
        var kept = 0
        for i in 0..<output.count where output.scalars[i].properties.generalCategory != .nonspacingMark {
            output.scalars[kept] = output.scalars[i]
            output.lower[kept] = output.lower[i]
            output.upper[kept] = output.upper[i]
            kept += 1
        }
        output.scalars.removeSubrange(kept...)
        output.lower.removeSubrange(kept...)
        output.upper.removeSubrange(kept...)
    }

    /// The canonical ordering step of NFD: a stable sort by combining class of each run of non-starters.
    static func canonicallyReorder(_ buffer: inout AlignedScalars) {
        var previous: UInt8 = 0
        let ordered = buffer.scalars.allSatisfy { s in
            let c = s.value < 0x300 ? 0 : s.properties.canonicalCombiningClass.rawValue
            defer { previous = c }
            return c == 0 || previous <= c
        }
        if ordered { return }
        let classes = buffer.scalars.map { $0.properties.canonicalCombiningClass.rawValue }
        var runStart = 0
        while runStart < classes.count {
            guard classes[runStart] != 0 else {
                runStart += 1
                continue
            }
            var runEnd = runStart + 1
            var sorted = true
            while runEnd < classes.count && classes[runEnd] != 0 {
                sorted = sorted && classes[runEnd - 1] <= classes[runEnd]
                runEnd += 1
            }
            if !sorted {
                // Sorting by (class, position) is stable whatever the sort; runs can be 100k marks long.
                let order = (runStart..<runEnd).sorted { (classes[$0], $0) < (classes[$1], $1) }
                let scalars = order.map { buffer.scalars[$0] }
                let lower = order.map { buffer.lower[$0] }
                let upper = order.map { buffer.upper[$0] }
                buffer.scalars.replaceSubrange(runStart..<runEnd, with: scalars)
                buffer.lower.replaceSubrange(runStart..<runEnd, with: lower)
                buffer.upper.replaceSubrange(runStart..<runEnd, with: upper)
            }
            runStart = runEnd
        }
    }

    /// NFC of some scalars, through Foundation.
    static func composed(_ scalars: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var s = String()
        s.unicodeScalars.append(contentsOf: scalars)
        return Array(s.precomposedStringWithCanonicalMapping.unicodeScalars)
    }
}

/// Canonical decompositions looked up once per scalar per call (the text of one keystroke or one file).
struct DecompositionCache {
    private var table: [UInt32: [Unicode.Scalar]] = [:]

    /// The full canonical decomposition (NFD) of one scalar.
    mutating func decomposition(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if let d = table[scalar.value] { return d }
        let d = Array(String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars)
        table[scalar.value] = d
        return d
    }
}
