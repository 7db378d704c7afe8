import BertKit

/// The compare sentence (`C`): a third line whose text is encoded alone, on a worker of its own with the same
/// newest-request-wins discipline as sentence A's, and matched against the encoding on screen
/// (`EncodingComparison`). Typing in it never waits for either encoder.
extension AppState {
    /// The compare text the encoder should see now (nil: compare mode off).
    var currentCompareText: String? { compareMode ? inputC.text : nil }

    /// A new compare request when the compare text differs from the last one asked for. An empty line asks for
    /// nothing: what was shown is cleared, and a request still running is made stale.
    mutating func compareRequestIfTextChanged() -> EncodeRequest? {
        let text = currentCompareText
        guard text != compareRequestedText else { return nil }
        compareRequestedText = text
        compareLatestRequest += 1
        guard let text, !text.isEmpty else {
            comparePrepared = nil
            comparison = nil
            compareError = nil
            compareShownRequest = compareLatestRequest
            return nil
        }
        return EncodeRequest(id: compareLatestRequest, textA: text, textB: nil)
    }

    /// True while a newer compare request than the one shown is being encoded.
    public var isEncodingCompare: Bool { compareMode && compareLatestRequest > compareShownRequest }

    /// Takes the compare sentence's encoding (complete) for request `request`, if it is news; returns whether it
    /// was shown.
    mutating func showCompare(_ prepared: PreparedEncoding, request: Int) -> Bool {
        guard compareMode, request > compareShownRequest, request == compareLatestRequest else { return false }
        comparePrepared = prepared
        compareShownRequest = request
        compareError = nil
        rebuildComparison()
        return true
    }

    /// Reports that compare request `request` failed; returns whether it was shown.
    mutating func compareFailed(_ message: String, request: Int) -> Bool {
        guard compareMode, request > compareShownRequest, request == compareLatestRequest else { return false }
        compareShownRequest = request
        compareError = message
        comparePrepared = nil
        comparison = nil
        return true
    }

    /// Matches the encoding on screen with the compare sentence's (after either changed).
    mutating func rebuildComparison() {
        if let first = prepared, let second = comparePrepared {
            comparison = EncodingComparison(first, second)
        } else {
            comparison = nil
        }
    }

    /// `C`: opens the compare line (focused, the compare view shown); with it open, shows the compare view and
    /// focuses the line; from the compare view, closes it.
    mutating func toggleCompare() {
        if !compareMode {
            compareMode = true
            focus = .compare
            setView(.compare)
        } else if mainView != .compare {
            focus = .compare
            setView(.compare)
        } else {
            compareMode = false
            if focus == .compare { focus = .input }
            setView(previousCompareView)
            comparePrepared = nil
            comparison = nil
            compareError = nil
        }
    }

    /// The view the compare view goes back to when the line closes.
    var previousCompareView: MainView { .attention }
}
