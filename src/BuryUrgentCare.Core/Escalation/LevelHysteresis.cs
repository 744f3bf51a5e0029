namespace BuryUrgentCare.Escalation;

/// <summary>
/// Turns the calculated OPEL level into the <em>announced</em> one (hazard H25, "OPEL flaps between levels"): the
/// announcement moves up only once the calculated level has been above it for <see cref="EscalateAfter"/>, and down only
/// once it has been below it for <see cref="DeescalateAfter"/> — a short hold up (pressure should be called quickly), a
/// longer one down (a quiet quarter-hour is not the end of a surge). A score wobbling across a band edge therefore pages
/// no one. The first level seen is announced at once. Pure: time is passed in.
/// </summary>
/// <remarks>
/// "Has been above for the hold" is judged per level: for each level L the start of the current unbroken run of
/// calculated levels ≥ L (and ≤ L) is kept, so 3, 4, 3, 4 … for 15 minutes over an announced 2 announces 3 (held), not 4
/// (never held), and a level that is not known (no parameter has data) breaks every run.
/// </remarks>
public sealed class LevelHysteresis
{
    // Index = level 1–4 (0 unused): when the current unbroken run of calculated levels ≥ L (≤ L) began, or null.
    private readonly DateTimeOffset?[] _atLeastSince = new DateTimeOffset?[5];
    private readonly DateTimeOffset?[] _atMostSince = new DateTimeOffset?[5];

    /// <param name="escalateAfter">How long the calculated level must stay above the announced one before it moves up.</param>
    /// <param name="deescalateAfter">How long it must stay below before the announcement moves down.</param>
    public LevelHysteresis(TimeSpan escalateAfter, TimeSpan deescalateAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(escalateAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(deescalateAfter, TimeSpan.Zero);
        EscalateAfter = escalateAfter;
        DeescalateAfter = deescalateAfter;
    }

    /// <summary>One hold both ways.</summary>
    public LevelHysteresis(TimeSpan holdFor)
        : this(holdFor, holdFor)
    {
    }

    public int? Announced { get; private set; }

    /// <summary>The calculated level last observed.</summary>
    public int? Calculated { get; private set; }

    public TimeSpan EscalateAfter { get; }

    public TimeSpan DeescalateAfter { get; }

    /// <summary>Bumped whenever a run starts or ends or the announcement changes: the state to keep over a restart changed.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// The change the announcement is waiting out: the calculated level, and when it is announced if the calculated level
    /// stays there. Null when the calculated level is the announced one (or unknown).
    /// </summary>
    public PendingLevel? Pending
    {
        get
        {
            if (Calculated is not { } calculated || Announced is not { } announced || calculated == announced)
            {
                return null;
            }

            var up = calculated > announced;
            var since = (up ? _atLeastSince : _atMostSince)[calculated];
            return since is { } s ? new PendingLevel(calculated, s, s + (up ? EscalateAfter : DeescalateAfter)) : null;
        }
    }

    /// <summary>
    /// Takes back the level announced before a restart, so that the same level is not announced again (a new level
    /// must still hold). Only before anything was observed.
    /// </summary>
    public void Restore(int announced) => Restore(new LevelHoldState(announced, null, [], []));

    /// <summary>
    /// Takes back the announced level and the runs under way before a restart (<see cref="State"/>): a change that had
    /// held 10 of its 15 minutes when the process stopped is announced 5 minutes after it would have been, not 15 — the
    /// figures are rebuilt from the event log, so the calculated level runs on across the restart. A run the first
    /// observation after the restart does not continue ends then, as it would have. Only before anything was observed.
    /// </summary>
    public void Restore(LevelHoldState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Announced is not null)
        {
            throw new InvalidOperationException("A level has been observed already; restore before the first observation.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(state.Announced, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(state.Announced, 4);
        Announced = state.Announced;
        Calculated = state.Calculated is >= 1 and <= 4 ? state.Calculated : null;
        for (var level = 1; level <= 4; level++)
        {
            _atLeastSince[level] = level < (state.AtLeastSince?.Count ?? 0) ? state.AtLeastSince![level] : null;
            _atMostSince[level] = level < (state.AtMostSince?.Count ?? 0) ? state.AtMostSince![level] : null;
        }
    }

    /// <summary>What to keep over a restart; null before any level was announced.</summary>
    public LevelHoldState? State => Announced is { } announced ? new LevelHoldState(announced, Calculated, [.. _atLeastSince], [.. _atMostSince]) : null;

    /// <summary>Feeds the calculated level; returns the newly announced level when the announcement changes.</summary>
    public int? Observe(int? level, DateTimeOffset now)
    {
        if (level is not { } calculated)
        {
            // Not known: nothing has held; every run starts again once it is.
            if (Calculated is not null)
            {
                Calculated = null;
                Array.Clear(_atLeastSince);
                Array.Clear(_atMostSince);
                Version++;
            }

            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(calculated, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(calculated, 4);
        if (Calculated != calculated)
        {
            Calculated = calculated;
            for (var l = 1; l <= 4; l++)
            {
                Run(_atLeastSince, l, calculated >= l, now);
                Run(_atMostSince, l, calculated <= l, now);
            }

            Version++;
        }

        if (Announced is not { } announced)
        {
            return Announce(calculated);
        }

        // Up: the highest level that has held for the short hold. Down: the lowest that has held for the long one.
        for (var l = 4; l > announced; l--)
        {
            if (_atLeastSince[l] is { } since && now - since >= EscalateAfter) return Announce(l);
        }

        for (var l = 1; l < announced; l++)
        {
            if (_atMostSince[l] is { } since && now - since >= DeescalateAfter) return Announce(l);
        }

        return null;
    }

    private int Announce(int level)
    {
        Announced = level;
        Version++;
        return level;
    }

    private static void Run(DateTimeOffset?[] runs, int level, bool holds, DateTimeOffset now)
    {
        if (!holds) runs[level] = null;
        else runs[level] ??= now;
    }
}

/// <summary>A change of the announced level under way: <paramref name="Level"/> calculated since <paramref name="Since"/>,
/// announced at <paramref name="TakesEffectAt"/> if it holds until then.</summary>
public sealed record PendingLevel(int Level, DateTimeOffset Since, DateTimeOffset TakesEffectAt);

/// <summary>
/// What <see cref="LevelHysteresis"/> keeps over a restart: the announced level, the calculated level last seen, and for
/// each level L (index 1–4; index 0 unused) when the current run of calculated levels ≥ L and ≤ L began.
/// </summary>
public sealed record LevelHoldState(int Announced, int? Calculated, IReadOnlyList<DateTimeOffset?> AtLeastSince, IReadOnlyList<DateTimeOffset?> AtMostSince);
