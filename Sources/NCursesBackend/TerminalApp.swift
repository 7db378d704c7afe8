import BertKit
import ScopeUI

/// The explorer's run loop: terminal events into `ExplorerCore`, its effects carried out, encodes
/// on one background thread (newest request wins), frames drawn only when something changed.
public enum TerminalApp {
    /// Why the loop ended.
    public enum Outcome: Equatable, Sendable {
        /// The user quit (`q`, Ctrl-C).
        case quit
        /// A signal asked us to stop; the terminal has been given back.
        case signal(Int32)
    }

    /// What the encode worker hands back: the prepared encoding, or the error's message.
    public typealias EncodeOutcome = Result<PreparedEncoding, EncodeFailure>

    /// An encode that failed, as the message the status bar shows.
    public struct EncodeFailure: Error, Sendable, Equatable {
        /// One line for the user.
        public let message: String
    }

    /// Runs the model for a request on the worker thread, calling the observer after the embeddings and after each
    /// layer (where it may stop a stale encode: the function then returns nil), e.g.
    /// `{ r, observer in try model.encode(r.textA, pair: r.textB, observer: observer) }`.
    public typealias EncodeFunction = @Sendable (EncodeRequest, (ForwardProgress) -> ForwardStep) throws -> Encoding?

    /// How long the loop sleeps when nothing happens (input, results, resizes and signals wake it
    /// sooner): a once-a-second look at the size, in case a SIGWINCH was missed.
    static let idleTimeout: Int32 = 1000

    /// Starts the terminal (throwing `TerminalError` before touching it when it cannot), runs the
    /// explorer until the user quits, and gives the terminal back. On SIGINT, SIGTERM, SIGHUP or
    /// SIGQUIT the terminal is restored and the process then dies of that signal.
    ///
    /// - Parameters:
    ///   - screenOptions: colours, mouse, paste, and the environment.
    ///   - makeCore: builds the core once the colour mode is known.
    ///   - encode: runs the model on the worker thread, calling the observer it is given between layers (it
    ///     returns nil when the observer stopped it); see `EncodeFunction`.
    ///   - saveShots: the `s` key: saves figures of the state on a screen of the given size and says where.
    /// - Returns: notes for the user to print after the screen is gone (e.g. a lowered `--colors`).
    public static func run(
        screenOptions: NCursesScreen.Options, makeCore: (ColorMode) -> ExplorerCore,
        encode: @escaping EncodeFunction,
        saveShots: ((AppState, Size) -> StatusMessage)? = nil
    ) throws -> [String] {
        let screen = try NCursesScreen.start(screenOptions)
        var core = makeCore(screen.colorMode)
        // Said at once, where the user is looking (and again on stderr after quitting).
        if let note = screen.colorSetup.note { core.showMessage(note, isError: true) }
        let outcome = loop(core: core, screen: screen, encode: encode, saveShots: saveShots)
        screen.close()
        if case .signal(let s) = outcome { TerminalGuard.exit(for: s) }
        return screen.colorSetup.note.map { [$0] } ?? []
    }

    /// The loop itself, on any `TerminalScreen` (the screen is not closed here).
    public static func loop(
        core initial: ExplorerCore, screen: TerminalScreen,
        encode: @escaping EncodeFunction,
        saveShots: ((AppState, Size) -> StatusMessage)? = nil
    ) -> Outcome {
        var core = initial
        let needed = NeededLayer(core.state.layerNeededFirst)
        let worker = encodeWorker(encode: encode, needed: needed, waker: screen.waker)
        defer { worker.stop() }
        // the compare sentence on a worker of its own, so typing it never waits for sentence A's encode (or the reverse)
        let compares = compareWorker(encode: encode, waker: screen.waker)
        defer { compares.stop() }
        let analyses = analysisWorker(waker: screen.waker)
        defer { analyses.stop() }
        var analysisSubmitted: AnalysisRequest?
        var analysisID = 0
        /// Starts the analysis the screen lacks in the background (or stops one it no longer wants).
        func scheduleAnalysis() {
            let wanted = core.state.backgroundNeeded
            guard wanted != analysisSubmitted else { return }
            analysisID += 1
            if let wanted, let prepared = core.state.prepared {
                analyses.submit(AnalysisJob(analysis: prepared, what: wanted.analysis), id: analysisID)
            } else {
                analyses.cancel(through: analysisID)
            }
            analysisSubmitted = wanted
        }

        var size = Size(width: 0, height: 0)
        /// Carries out effects; false when one of them was `.quit`.
        func perform(_ effects: [Effect]) -> Bool {
            // What the screen needs first, before any encode is submitted, so the worker reads the layer shown now.
            needed.layer = core.state.layerNeededFirst
            for effect in effects {
                switch effect {
                case .encode(let request): worker.submit(request, id: request.id)
                case .encodeCompare(let request): compares.submit(request, id: request.id)
                case .quit: return false
                case .saveShots:
                    let m =
                        saveShots?(core.state, size)
                        ?? StatusMessage(text: "saving shots is not available in this build", isError: true)
                    core.showMessage(m.text, isError: m.isError)
                }
            }
            return true
        }

        var dirty = true
        var timeout: Int32 = 0  // the first call only collects the size
        var started = false
        while true {
            if let signal = screen.pendingSignal { return .signal(signal) }
            for event in screen.nextEvents(timeout: timeout) {
                if case .resize(let s) = event { size = s }
                guard perform(core.handle(event)) else { return .quit }
                dirty = true
            }
            if !started {
                started = true
                guard perform(core.start()) else { return .quit }
            }
            if let finished = worker.takeFinished() {
                switch finished.output {
                case .success(let prepared): core.receive(prepared, request: finished.id)
                case .failure(let failure): core.receiveError(failure.message, request: finished.id)
                }
                dirty = true
            }
            if let finished = compares.takeFinished() {
                switch finished.output {
                case .success(let prepared): core.receiveCompare(prepared, request: finished.id)
                case .failure(let failure): core.receiveCompareError(failure.message, request: finished.id)
                }
                dirty = true
            }
            if analyses.takeFinished() != nil {
                analysisSubmitted = nil
                dirty = true
            }
            scheduleAnalysis()
            if dirty && size.width > 0 && size.height > 0 {
                let cursor = core.cursorPosition(size: size).map { (x: $0.x, y: $0.y) }
                screen.draw(core.render(size: size), cursor: cursor)
                dirty = false
            }
            timeout = idleTimeout
        }
    }

    /// One attention flow to compute: of this analysis (the encoding on screen), at this layer.
    struct AnalysisJob: Sendable {
        let analysis: PreparedEncoding
        let what: BackgroundAnalysis
    }

    /// The background analysis worker: the newest request only; a stale flow stops between rows. The result stays
    /// in the analysis (which the screen holds), so all it posts is that it finished.
    static func analysisWorker(waker: @escaping @Sendable () -> Void) -> LatestRequestWorker<AnalysisJob, Bool> {
        LatestRequestWorker<AnalysisJob, Bool>(
            name: "bertscope-analysis",
            cancellableWork: { job, worker in
                job.analysis.compute(job.what, shouldStop: { worker.isStale }) ? true : nil
            },
            onFinished: waker)
    }

    /// The compare sentence's encode worker: the newest request only, a stale one stops between layers, and only the
    /// complete encoding is posted (the comparison reads every layer).
    static func compareWorker(
        encode: @escaping EncodeFunction, waker: @escaping @Sendable () -> Void
    ) -> LatestRequestWorker<EncodeRequest, EncodeOutcome> {
        LatestRequestWorker<EncodeRequest, EncodeOutcome>(
            name: "bertscope-compare",
            cancellableWork: { request, job in
                do {
                    let encoding = try encode(request) { _ in job.isStale ? .stop : .proceed }
                    return encoding.map { .success(PreparedEncoding($0)) }
                } catch {
                    return .failure(EncodeFailure(message: "\(error)"))
                }
            },
            onFinished: waker)
    }

    /// The encode worker: the newest request only; a stale one stops between layers; the prefix with the layer the
    /// screen needs is posted as soon as it is computed, then the complete encoding.
    static func encodeWorker(
        encode: @escaping EncodeFunction, needed: NeededLayer, waker: @escaping @Sendable () -> Void
    ) -> LatestRequestWorker<EncodeRequest, EncodeOutcome> {
        LatestRequestWorker<EncodeRequest, EncodeOutcome>(
            name: "bertscope-encode",
            cancellableWork: { request, job in
                var delivery = LayerDelivery()
                do {
                    let encoding = try encode(request) { progress in
                        if job.isStale { return .stop }
                        if delivery.shouldDeliver(progress, wanted: needed.layer) {
                            job.post(.success(PreparedEncoding(progress.encoding())))
                        }
                        return .proceed
                    }
                    return encoding.map { .success(PreparedEncoding($0)) }
                } catch {
                    return .failure(EncodeFailure(message: "\(error)"))
                }
            },
            onFinished: waker)
    }
}
