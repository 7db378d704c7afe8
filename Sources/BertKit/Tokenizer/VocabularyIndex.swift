/// The vocabulary as a hash table keyed by unicode scalars, built once at load, so WordPiece can test a
/// candidate piece (a slice of a word, with or without the continuing-subword prefix) without building a `String`.
///
/// Open addressing with linear probing; keys hashed with 64-bit FNV-1a over scalar values. Hashes are
/// computed incrementally, so WordPiece gets the hash of every prefix of a word in one pass.
struct VocabularyIndex: Sendable {
    /// FNV-1a offset basis: the hash of the empty key.
    static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The continuing-subword prefix (`##`) that WordPiece puts before every piece after a word's first.
    let prefix: [UInt32]
    /// The hash state after `prefix`, where continuation pieces start.
    let continuationHash: UInt64

    /// One FNV-1a step.
    @inline(__always)
    static func extend(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
    }

    private var slots: [Int32]  // (slot) -> key index, or -1
    private var mask: Int
    private var keyHash: [UInt64] = []  // (key)
    private var keyStart: [Int32] = []  // (key) -> offset into keyScalars
    private var keyLength: [Int32] = []  // (key)
    private var keyScalars: [UInt32] = []  // all keys' scalars, concatenated
    private var keyId: [Int32] = []  // (key) -> vocabulary id

    /// Length in scalars of the longest key.
    private(set) var longestKey = 0
    /// Length in scalars, prefix excluded, of the longest key that starts with the prefix.
    private(set) var longestContinuation = 0

    /// Indexes `vocabulary` (line index = id). A token listed twice keeps the later id, like HF's `load_vocab`.
    init(_ vocabulary: [String], prefix: String = "##") {
        self.prefix = prefix.unicodeScalars.map(\.value)
        continuationHash = self.prefix.reduce(Self.emptyHash) { Self.extend($0, $1) }
        var capacity = 16
        while capacity < vocabulary.count * 2 { capacity <<= 1 }
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for (id, token) in vocabulary.enumerated() { insert(token, id: id) }
    }

    private mutating func insert(_ token: String, id: Int) {
        let scalars = token.unicodeScalars.map(\.value)
        var h = Self.emptyHash
        for v in scalars { h = Self.extend(h, v) }
        var slot = Self.slot(h, mask)
        while slots[slot] >= 0 {
            let k = Int(slots[slot])
            if keyHash[k] == h && keyEquals(k, scalars[...]) {
                keyId[k] = Int32(id)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(keyHash.count)
        keyHash.append(h)
        keyStart.append(Int32(keyScalars.count))
        keyLength.append(Int32(scalars.count))
        keyScalars.append(contentsOf: scalars)
        keyId.append(Int32(id))
        longestKey = max(longestKey, scalars.count)
        if scalars.count >= prefix.count && scalars[..<prefix.count].elementsEqual(prefix) {
            longestContinuation = max(longestContinuation, scalars.count - prefix.count)
        }
    }

    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    private func keyEquals(_ k: Int, _ scalars: ArraySlice<UInt32>) -> Bool {
        let start = Int(keyStart[k])
        guard Int(keyLength[k]) == scalars.count else { return false }
        var i = start
        for v in scalars {
            if keyScalars[i] != v { return false }
            i += 1
        }
        return true
    }

    /// The id of `token`, if the vocabulary has it.
    func id(of token: String) -> Int? {
        let scalars = token.unicodeScalars.map(\.value)
        var h = Self.emptyHash
        for s in scalars { h = Self.extend(h, s) }
        return id(hash: h, scalars, 0..<scalars.count, continuation: false)
    }

    /// The id of `scalars[range]` (after the prefix when `continuation`), whose hash is `hash`.
    @inline(__always)
    func id(hash: UInt64, _ scalars: [UInt32], _ range: Range<Int>, continuation: Bool) -> Int? {
        let skip = continuation ? prefix.count : 0
        let length = range.count + skip
        var slot = Self.slot(hash, mask)
        while true {
            let k = Int(slots[slot])
            if k < 0 { return nil }
            if keyHash[k] == hash && Int(keyLength[k]) == length {
                let start = Int(keyStart[k])
                var equal = true
                for j in 0..<skip where equal { equal = keyScalars[start + j] == prefix[j] }
                var i = start + skip
                for j in range where equal {
                    equal = keyScalars[i] == scalars[j]
                    i += 1
                }
                if equal { return Int(keyId[k]) }
            }
            slot = (slot + 1) & mask
        }
    }
}
