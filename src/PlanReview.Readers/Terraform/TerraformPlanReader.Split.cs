using System.Collections.Immutable;
using System.Text.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

public sealed partial class TerraformPlanReader
{
    /// <summary>Plans at least this large, read from a file, are read in two halves at once.</summary>
    public const long SplitThresholdBytes = 32L * 1024 * 1024;

    /// <summary>
    /// Reads a large plan on two cores. A second session starts at an item of <c>resource_changes</c> a little
    /// past the middle of the file (found by searching the bytes for <c>},{"address":</c> inside that section)
    /// and reads from there to the end, as if the document began <c>{"resource_changes":[</c> there. The
    /// first session reads from the start; only when it meets a <c>resource_changes</c> item at exactly
    /// that offset, at the top level, is the guess confirmed, and it takes the second half's results
    /// instead of reading on. Anything else (no such item, a second half that failed, sections the two
    /// halves cannot put together) leaves the first session reading the whole document by itself, so
    /// the plan, and every error message, is the same as a one-thread read.
    /// </summary>
    private sealed class SplitPoint : IDisposable
    {
        private static readonly byte[] Continuation = "{\"resource_changes\":["u8.ToArray();

        // Between two items of a list of objects that begin with "address", as Terraform writes resource changes.
        private static ReadOnlySpan<byte> ItemStart => "},{\"address\":"u8;

        private readonly CancellationTokenSource cancellation;

        // Set once the second half has looked for its start: the offset, or -1 when there is none.
        private readonly TaskCompletionSource<long> start = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Never faults nor is cancelled: every failure of the second half is a null result.
        private readonly Task<Session?> secondHalf;

        private SplitPoint(SeekableInput input, string source, CancellationToken cancellationToken)
        {
            cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = cancellation.Token;

            // Not cancelled through Task.Run: the second half must always run, if only to say it has no start.
            secondHalf = Task.Run(() => ReadSecondHalf(input, source, token), CancellationToken.None);
        }

        /// <summary>
        /// The offset where the second half starts, or -1 when it has none. The first half asks when it reaches
        /// <c>resource_changes</c> and waits for the answer (a search of the bytes, short next to reading them),
        /// so whether a plan is split never depends on which thread ran first.
        /// </summary>
        public long Offset => start.Task.GetAwaiter().GetResult();

        public static SplitPoint? Start(SeekableInput? input, long threshold, string source, CancellationToken cancellationToken)
        {
            if (input is null || input.Length < threshold || Environment.ProcessorCount < 2)
            {
                return null;
            }

            return new SplitPoint(input, source, cancellationToken);
        }

        /// <summary>The second half's session once it has read to the end; null when it could not.</summary>
        public Session? Result() => secondHalf.GetAwaiter().GetResult();

        /// <summary>Stops the second half when the first no longer needs it.</summary>
        public void Cancel() => cancellation.Cancel();

        public void Dispose()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }

        private Session? ReadSecondHalf(SeekableInput input, string source, CancellationToken token)
        {
            try
            {
                token.ThrowIfCancellationRequested();
                var offset = FindStart(input, token);
                start.TrySetResult(offset);
                if (offset < 0)
                {
                    return null;
                }

                using var rest = input.OpenAt(offset);
                using var document = new PrefixedStream(Continuation, rest);
                var session = new Session(new Utf8JsonSource(document, source), source, token);
                session.ReadDocument();
                session.SortEdgesAhead();
                return session;
            }
#pragma warning disable CA1031 // Any failure of the second half only means the first reads on alone, and meets (and reports) the same problem in place.
            catch (Exception)
#pragma warning restore CA1031
            {
                start.TrySetResult(-1);
                return null;
            }
        }

        /// <summary>
        /// The offset of a <c>resource_changes</c> item a little past the middle of the document, or -1: a guess
        /// the first half confirms. The section's end is taken from the key Terraform writes after it; when the
        /// middle is past that end, the guess moves back to three quarters into the section.
        /// </summary>
        private static long FindStart(SeekableInput input, CancellationToken token)
        {
            // Most plans: the item past the middle is a resource change, which its first bytes tell. Locating the
            // section first means searching most of the file, time the second half would not be reading.
            var guess = IndexOf(input, input.Length * 3 / 5, input.Length, ItemStart, token);
            if (guess >= 0 && LooksLikeResourceChange(input, guess + 2))
            {
                return guess + 2;
            }

            var section = IndexOf(input, 0, input.Length, "\"resource_changes\":["u8, token);
            if (section < 0)
            {
                return -1;
            }

            // Past the middle of the file: the second half holds the prior state and the configuration, which cost more per byte.
            var item = IndexOf(input, Math.Max(section, input.Length * 3 / 5), input.Length, ItemStart, token);
            var end = IndexOf(input, section, item < 0 ? input.Length : item, "\"output_changes\":"u8, token);
            if (end < 0)
            {
                end = IndexOf(input, section, item < 0 ? input.Length : item, "\"prior_state\":"u8, token);
            }

            if (end >= 0)
            {
                item = IndexOf(input, section + ((end - section) * 3 / 4), end, ItemStart, token);
            }

            return item < 0 ? -1 : item + 2;
        }

        /// <summary>
        /// True when the object at <paramref name="offset"/> starts as Terraform writes a resource change: its
        /// <c>change</c> comes before any <c>values</c> (a state resource's) within its first bytes. Only a guess,
        /// which the first half confirms or not.
        /// </summary>
        private static bool LooksLikeResourceChange(SeekableInput input, long offset)
        {
            const int HeadBytes = 4096;
            using var stream = input.OpenAt(offset);
            var head = new byte[HeadBytes];
            var length = stream.ReadAtLeast(head, HeadBytes, throwOnEndOfStream: false);
            var bytes = head.AsSpan(0, length);
            var change = bytes.IndexOf("\"change\":{\"actions\":["u8);
            var values = bytes.IndexOf("\"values\":"u8);
            return change >= 0 && (values < 0 || change < values);
        }

        /// <summary>The first offset in [from, to) where the pattern starts, or -1; reads the input a block at a time.</summary>
        private static long IndexOf(SeekableInput input, long from, long to, ReadOnlySpan<byte> pattern, CancellationToken token)
        {
            const int BlockSize = 1 << 20;
            using var stream = input.OpenAt(from);
            var block = new byte[BlockSize + pattern.Length];
            var kept = 0;
            var position = from;
            while (position - kept < to)
            {
                token.ThrowIfCancellationRequested();
                var read = stream.Read(block, kept, BlockSize);
                if (read == 0)
                {
                    return -1;
                }

                var filled = kept + read;
                var found = block.AsSpan(0, filled).IndexOf(pattern);
                var start = position - kept;
                if (found >= 0)
                {
                    return start + found + pattern.Length <= to ? start + found : -1;
                }

                // Keep the tail that could be the start of a match cut by the block's end.
                kept = Math.Min(pattern.Length - 1, filled);
                block.AsSpan(filled - kept, kept).CopyTo(block);
                position += read;
            }

            return -1;
        }
    }

    private sealed partial class Session
    {
        private readonly SplitPoint? split;

        // True once the second half's results are taken: this session stops reading where the second half began.
        private bool handedOff;

        // The edges, sorted by the second half once it has read to the end, when they can be known there.
        private ImmutableArray<DependencyEdge>? sortedEdges;

        /// <summary>
        /// Sorts the second half's edges on its own thread while the first half still reads: they are the
        /// plan's edges whenever the first half read no prior state and no configuration (the usual case, as
        /// Terraform writes those sections after the resource changes).
        /// </summary>
        public void SortEdgesAhead()
        {
            if (stateEdges.Count > 0 || sectionsSeen.Contains("configuration"))
            {
                sortedEdges = AllEdges();
            }
        }

        public bool HandedOff => handedOff;

        /// <summary>
        /// At the item where the second half began: waits for it and takes its results when the two halves
        /// can be put together; otherwise reads on alone from here.
        /// </summary>
        private bool TryHandOff()
        {
            var second = split!.Result();
            if (second is null || !CanAbsorb(second))
            {
                split.Cancel();
                return false;
            }

            Absorb(second);
            handedOff = true;
            return true;
        }

        /// <summary>
        /// Whether the halves combine exactly as one read would: a section read by both halves (a repeated
        /// <c>configuration</c>, say, in a hostile document) is merged by one read in ways the halves cannot rebuild.
        /// </summary>
        private bool CanAbsorb(Session second) =>
            !second.sectionsSeen.Overlaps(sectionsSeen.Except(["resource_changes"]));

        /// <summary>Appends the second half, in document order: lists continue, later values win as they would in one read.</summary>
        private void Absorb(Session second)
        {
            // The second half sorted its edges while this one read on: they are all the edges when this half has none.
            sortedEdges = stateEdges.Count == 0 && !sectionsSeen.Contains("configuration") ? second.sortedEdges : null;
            changes.AddRange(second.changes);
            drift.AddRange(second.drift);
            outputs.AddRange(second.outputs);
            stateEdges.AddRange(second.stateEdges);
            messages.AddRange(second.messages);
            priorManaged.UnionWith(second.priorManaged);
            secrets.AddAll(second.secrets);
            foreach (var (name, value) in second.variableValues)
            {
                variableValues[name] = value;
            }

            formatVersion ??= second.formatVersion;
            if (second.sectionsSeen.Contains("terraform_version"))
            {
                toolVersion = second.toolVersion;
            }

            if (second.sectionsSeen.Contains("errored"))
            {
                errored = second.errored;
            }

            if (second.sectionsSeen.Contains("complete"))
            {
                complete = second.complete;
            }

            if (second.sectionsSeen.Contains("configuration"))
            {
                configuration = second.configuration;
            }

            sawPriorState |= second.sawPriorState;
            sectionsSeen.UnionWith(second.sectionsSeen);
        }
    }
}
