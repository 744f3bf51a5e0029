using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuryUrgentCare.Simulation;

namespace BuryUrgentCare.Tests.Simulation;

public sealed partial class BuryTrafficSimulatorTests
{
    // Monday 16 November 2026, local midnight (GMT, so also 00:00Z).
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    private static BuryTrafficSimulator CreateSut(int seed = 42, DateTimeOffset? start = null) =>
        new(SimulatorProfile.Default, start ?? Start, seed);

    private static string Fingerprint(SimulatedEvent e) =>
        $"{e.Unit}|{e.Type}|{e.Time:O}|{e.Id}|{Encoding.UTF8.GetString(e.Json)}";

    [Fact]
    public void Advance_SameProfileStartAndSeed_ReturnsIdenticalEvents()
    {
        var first = CreateSut().Advance(Start.AddDays(2)).Select(Fingerprint).ToList();
        var second = CreateSut().Advance(Start.AddDays(2)).Select(Fingerprint).ToList();

        first.Count.ShouldBeGreaterThan(1_000);
        second.ShouldBe(first);
    }

    [Fact]
    public void Advance_DifferentSeed_ReturnsDifferentEvents()
    {
        var first = CreateSut(seed: 1).Advance(Start.AddHours(12)).Select(Fingerprint).ToList();
        var second = CreateSut(seed: 2).Advance(Start.AddHours(12)).Select(Fingerprint).ToList();

        second.ShouldNotBe(first);
    }

    [Fact]
    public void Advance_DifferentStartSameSeed_ReturnsDifferentIds()
    {
        var today = CreateSut(start: Start).Advance(Start.AddDays(1)).Select(e => e.Id).ToHashSet();
        var tomorrow = CreateSut(start: Start.AddDays(1)).Advance(Start.AddDays(2)).Select(e => e.Id);

        // A host restarted on another day with the same seed must not re-use ids: consumers would
        // take the new events for duplicates and drop them.
        tomorrow.Count(today.Contains).ShouldBe(0);
    }

    [Fact]
    public void Advance_SplitIntoTwoCalls_ReturnsTheSameEventsAsOneCall()
    {
        var t1 = Start.AddHours(9).AddMinutes(41).AddSeconds(7);
        var t2 = Start.AddDays(1).AddHours(3);
        var split = CreateSut();

        var inTwo = split.Advance(t1).Concat(split.Advance(t2)).Select(Fingerprint).ToList();
        var inOne = CreateSut().Advance(t2).Select(Fingerprint).ToList();

        inTwo.ShouldBe(inOne);
    }

    [Fact]
    public void Advance_ManyIrregularSteps_ReturnsTheSameEventsAsOneCall()
    {
        var end = Start.AddDays(3);
        var stepped = CreateSut();
        var random = new Random(7);
        var inSteps = new List<SimulatedEvent>();
        for (var t = Start.AddMinutes(-30); t < end; t = t.AddMilliseconds(random.Next(1, 3 * 3_600_000)))
        {
            inSteps.AddRange(stepped.Advance(t));
            inSteps.AddRange(stepped.Advance(t)); // the same instant again returns nothing new
        }

        inSteps.AddRange(stepped.Advance(end));

        inSteps.Select(Fingerprint).ShouldBe(CreateSut().Advance(end).Select(Fingerprint));
    }

    [Fact]
    public void Advance_FractionalUntil_ReturnsOnlyEventsStrictlyBefore()
    {
        var sut = CreateSut();
        var all = CreateSut().Advance(Start.AddHours(6));
        var cut = all[all.Count / 2].Time;

        var before = sut.Advance(cut);
        var atCut = sut.Advance(cut.AddMilliseconds(1));

        before.ShouldAllBe(e => e.Time < cut);
        atCut.ShouldNotBeEmpty();
        atCut.ShouldAllBe(e => e.Time == cut);
    }

    [Fact]
    public void Advance_EarlierUntilThanBefore_ReturnsNothing()
    {
        var sut = CreateSut();
        sut.Advance(Start.AddHours(10));

        sut.Advance(Start.AddHours(5)).ShouldBeEmpty();
    }

    [Fact]
    public void Advance_OverAWeek_ReturnsEventsInNonDecreasingTimeOrder()
    {
        var events = SimulatedWeek.Default.Raw;

        for (var i = 1; i < events.Count; i++)
        {
            events[i].Time.ShouldBeGreaterThanOrEqualTo(events[i - 1].Time, $"event {i} ({events[i].Type})");
        }
    }

    [Fact]
    public void Advance_OverAWeek_EveryIdIsUnique()
    {
        var ids = SimulatedWeek.Default.Raw.Select(e => e.Id).ToList();

        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public void Advance_OverAWeek_EveryEventSatisfiesTheContract()
    {
        var violations = new List<string>();
        foreach (var e in SimulatedWeek.Default.Raw)
        {
            using var document = JsonDocument.Parse(e.Json);
            violations.AddRange(ContractRules.Violations(document.RootElement).Select(v => $"{e.Id} {e.Type}: {v}"));
        }

        violations.ShouldBeEmpty();
    }

    [Fact]
    public void Advance_OverAWeek_EnvelopeMatchesTheJson()
    {
        foreach (var e in SimulatedWeek.Default.Raw)
        {
            var parsed = SimulatedWeek.Parse(e);
            parsed.Id.ShouldBe(e.Id);
            parsed.Unit.ShouldBe(e.Unit);
            parsed.Type.ShouldBe(e.Type);
            parsed.Time.ShouldBe(e.Time);
            e.Time.Offset.ShouldBe(TimeSpan.Zero);
            e.Time.Ticks.ShouldBe(e.Time.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, "whole seconds");
        }
    }

    [Fact]
    public void Advance_PatientStreamedFromAe_ContinuesAsAUtcEpisodeLinkedToItsAeArrival()
    {
        // v1.1 (H21): a streamed patient is one attendance, one clock: the UTC episode names the A&E one and its arrival.
        var week = SimulatedWeek.Default;
        var streamed = week.Episodes.Where(e => e.Unit == "FGH-ED" && e.Find("ae.departed")?.DataString("disposition") == "streamed-utc").ToList();
        var linked = week.Events.Where(e => e.Type == "utc.arrived" && e.Data.TryGetProperty("streamedFrom", out _))
            .ToDictionary(e => e.Data.GetProperty("streamedFrom").GetProperty("subject").GetString()!);

        streamed.Count.ShouldBeGreaterThan(10);
        foreach (var ae in streamed)
        {
            linked.ShouldContainKey(ae.Subject);
            var utc = linked[ae.Subject];
            DateTimeOffset.Parse(utc.Data.GetProperty("streamedFrom").GetProperty("arrived").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBe(ae.Find("ae.arrived")!.Time);
            utc.Time.ShouldBeGreaterThanOrEqualTo(ae.Find("ae.departed")!.Time);
        }
    }

    [Fact]
    public void Advance_HourlyCensusOfAeAndUtc_AgreesWithTheSimulatorsOwnEvents()
    {
        // v1.1 (H16): each hour at ten past, A&E and the UTC send who is in; processed with the events, nobody is found
        // missing from a census and no census lists a stranger.
        var sut = CreateSut();
        var events = sut.Advance(Start.AddDays(2));
        var censuses = events.Where(e => e.Type == "census.declared").ToList();
        censuses.Count.ShouldBe(2 * 48);
        censuses.ShouldAllBe(e => e.Time.Minute == 10 && e.Time.Second == 0);

        var processor = new Processing.StreamProcessor(Contract.UnitCatalog.Bury, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start.AddDays(2)));
        foreach (var e in events)
        {
            processor.Process(e.Json, e.Time.UtcTicks).Outcome.ShouldBe(Processing.ProcessOutcome.Applied); // as live: now = event time
        }

        foreach (var unit in new[] { "FGH-ED", "FGH-UTC" })
        {
            Contract.UnitCatalog.Bury.TryGetIndex(unit, out var index).ShouldBeTrue();
            var figures = (Figures.DepartmentFigures)processor.Snapshot(index).Figures;
            figures.UnverifiedNotInCensus.ShouldBe(0, unit);
            figures.InCensusNoArrival.ShouldBe(0, unit);
            figures.InDepartment.ShouldBeGreaterThan(unit == "FGH-ED" ? 0 : -1, unit); // the UTC is closed at midnight
        }
    }

    [Fact]
    public void Advance_MentalHealthWaits_SomeStayOverFortyEightHours_ListedByEveryCensus_AndNeverUnverified()
    {
        // Issue 10: some stays over 48 h. Patients waiting for a mental-health bed: referred to mental health, transferred
        // days later with nothing recorded in between, and listed by every hourly census while there, so the wall keeps
        // counting them (H16) however long since their last event. Four weeks, so the count does not hang on one seed.
        var over48Hours = 0;
        foreach (var seed in new[] { 20261116, 1, 2, 3 })
        {
            var week = SimulatedWeek.Run(SimulatorProfile.Default, Start, seed, days: 7);
            var censuses = week.Events.Where(e => e is { Type: "census.declared", Unit: "FGH-ED" }).ToList();
            var longest = (Episode: (ParsedEpisode?)null, Stay: TimeSpan.Zero);
            foreach (var episode in week.Episodes.Where(e => e.Subject.StartsWith("edw-", StringComparison.Ordinal)))
            {
                var context = $"seed {seed}, {episode.Subject}";
                if (episode.Find("ae.departed") is not { } departed)
                {
                    continue; // still waiting when the run ended
                }

                departed.DataString("disposition").ShouldBe("transferred", context);
                episode.Find("ae.referred").ShouldNotBeNull(context).DataString("specialty").ShouldBe("mental-health", context);
                episode.Find("ae.admit-decision").ShouldBeNull(context);
                var stay = departed.Time - episode.First.Time;
                stay.ShouldBeLessThanOrEqualTo(SimulatorProfile.Default.AeLongWaitMaxStay, context);
                over48Hours += stay > TimeSpan.FromHours(48) ? 1 : 0;
                longest = stay > longest.Stay ? (episode, stay) : longest;
                foreach (var census in censuses.Where(c => c.Time >= episode.First.Time && c.Time < departed.Time))
                {
                    census.Data.GetProperty("subjects").EnumerateArray().Select(s => s.GetString()).ShouldContain(episode.Subject, context);
                }
            }

            if (longest.Episode is { } wait && longest.Stay > TimeSpan.FromHours(30))
            {
                // 30 h after its referral, with nothing recorded for over a day: still counted, and nobody is unverified.
                var at = wait.Find("ae.referred")!.Time.AddHours(30);
                var processor = new Processing.StreamProcessor(Contract.UnitCatalog.Bury, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at));
                foreach (var e in week.Raw.Where(e => e.Time <= at))
                {
                    processor.Process(e.Json, e.Time.UtcTicks).Outcome.ShouldBe(Processing.ProcessOutcome.Applied);
                }

                Contract.UnitCatalog.Bury.TryGetIndex("FGH-ED", out var ed).ShouldBeTrue();
                var figures = (Figures.EmergencyDepartmentFigures)processor.Snapshot(ed, at).Figures;
                figures.UnverifiedNoRecentEvent.ShouldBe(0, $"seed {seed} at {at:O}");
                figures.Over12Hours.ShouldBeGreaterThan(0, $"seed {seed} at {at:O}: the waiting patient is over 12 hours");
            }
        }

        over48Hours.ShouldBeGreaterThanOrEqualTo(3, "stays over 48 h in four simulated weeks");
    }

    [Fact]
    public void Advance_OverAWeek_EveryTypeAndUnitOccurs()
    {
        var week = SimulatedWeek.Default;

        week.Raw.Select(e => e.Type).Distinct().Order().ShouldBe(ContractRules.Types.Order());
        week.Raw.Select(e => e.Unit).Distinct().Order().ShouldBe(ContractRules.Units.Order());
    }

    [Fact]
    public void Advance_Arrival_WritesTheEnvelopeInContractOrderWithUtcWholeSecondTime()
    {
        var arrival = CreateSut().Advance(Start.AddHours(12)).First(e => e.Type == "ae.arrived" && e.Time >= Start);
        using var document = JsonDocument.Parse(arrival.Json);
        var root = document.RootElement;

        root.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["specversion", "id", "source", "type", "time", "unit", "subject", "datacontenttype", "data"]);
        root.GetProperty("source").GetString().ShouldBe("urn:bury:fgh:ed-epr");
        root.GetProperty("time").GetString().ShouldBe(arrival.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        root.GetProperty("subject").GetString()!.ShouldMatch("^ed-[0-9a-f]{8}$");
        arrival.Id.ShouldMatch("^sim-[a-z]{16}$");
    }

    [Fact]
    public void Advance_OverAWeek_WritesAgeBandsUnescaped()
    {
        // "85+" is written as is, not as "85\u002B": integrators read these files.
        var json = SimulatedWeek.Default.Raw.Select(e => Encoding.UTF8.GetString(e.Json)).ToList();

        json.ShouldContain(j => j.Contains("\"ageBand\":\"85+\""));
        json.ShouldAllBe(j => !j.Contains("\\u"));
    }

    [Fact]
    public void Advance_OverAWeek_SourcesNameEachUnitsSystem()
    {
        var sources = SimulatedWeek.Default.Raw
            .Select(e => (e.Unit, Source: JsonDocument.Parse(e.Json).RootElement.GetProperty("source").GetString()))
            .Distinct()
            .ToDictionary(x => x.Unit, x => x.Source);

        sources.ShouldBe(new Dictionary<string, string?>
        {
            ["FGH-ED"] = "urn:bury:fgh:ed-epr",
            ["FGH-UTC"] = "urn:bury:fgh:utc-epr",
            ["BURY-GREENCAR"] = "urn:nwas:cad:greencar",
            ["BURY-IVCH"] = "urn:bury:ivch:telephony",
        }, ignoreOrder: true);
    }

    [GeneratedRegex(@"\d{10,}")]
    private static partial Regex TenDigitsOrMore();

    // Ten digits with the contract's 3-3-4 spacing, or with dashes, which a lenient consumer might accept.
    [GeneratedRegex(@"\d{3}[ -]\d{3}[ -]\d{4}")]
    private static partial Regex SpacedTenDigits();

    [Fact]
    public void Advance_OverAWeek_NoStringHoldsTenOrMoreDigits()
    {
        var offending = new List<string>();
        foreach (var e in SimulatedWeek.Default.Raw.Concat(CreateSut(seed: 99, start: Start.AddDays(30)).Advance(Start.AddDays(37))))
        {
            using var document = JsonDocument.Parse(e.Json);
            foreach (var text in Strings(document.RootElement).Append(e.Id).Append(e.Unit).Append(e.Type))
            {
                if (TenDigitsOrMore().IsMatch(text) || SpacedTenDigits().IsMatch(text))
                {
                    offending.Add(text);
                }
            }
        }

        offending.ShouldBeEmpty();
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var s in Strings(property.Value))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var s in element.EnumerateArray().SelectMany(Strings))
                {
                    yield return s;
                }

                break;
        }
    }

    [Fact]
    public void Advance_OverAWeek_AeEpisodesFollowClinicalOrder()
    {
        foreach (var episode in SimulatedWeek.Default.Episodes.Where(e => e.Unit == "FGH-ED"))
        {
            var types = episode.Events.Select(e => e.Type).ToList();
            var context = $"{episode.Subject}: {string.Join(", ", types)}";
            types[0].ShouldBe("ae.arrived", context);
            types.Count(t => t == "ae.arrived").ShouldBe(1, context);
            var departed = episode.Find("ae.departed");
            if (departed is null)
            {
                continue; // still in the department when the run ended
            }

            types[^1].ShouldBe("ae.departed", context);
            types.Count(t => t == "ae.departed").ShouldBe(1, context);
            var disposition = departed.DataString("disposition");
            var ambulance = episode.First.DataString("arrivalMode") == "ambulance";
            (episode.Find("ae.handover") is not null).ShouldBe(ambulance, context);
            (episode.Find("ae.admit-decision") is not null).ShouldBe(disposition == "admitted", context);
            if (disposition is "left-before-treatment" or "streamed-utc")
            {
                types.ShouldNotContain("ae.seen", context);
            }
            else
            {
                types.ShouldContain("ae.assessed", context);
                types.ShouldContain("ae.seen", context);
                types.IndexOf("ae.assessed").ShouldBeLessThan(types.IndexOf("ae.seen"), context);
            }

            if (disposition == "admitted")
            {
                types.IndexOf("ae.seen").ShouldBeLessThan(types.IndexOf("ae.admit-decision"), context);
            }

            for (var i = 1; i < episode.Events.Count; i++)
            {
                episode.Events[i].Time.ShouldBeGreaterThanOrEqualTo(episode.Events[i - 1].Time, context);
            }

            // The mental-health waits (edw-) are the longest stays by design; every other stay is cut at AeMaxStay.
            (departed.Time - episode.First.Time).ShouldBeLessThanOrEqualTo(
                episode.Subject.StartsWith("edw-", StringComparison.Ordinal) ? SimulatorProfile.Default.AeLongWaitMaxStay : SimulatorProfile.Default.AeMaxStay, context);
        }
    }

    [Fact]
    public void Advance_OverAWeek_UtcEpisodesFollowClinicalOrder()
    {
        var week = SimulatedWeek.Default;
        foreach (var episode in week.Episodes.Where(e => e.Unit == "FGH-UTC" && e.First.Time < week.End))
        {
            var types = episode.Events.Select(e => e.Type).ToList();
            var context = $"{episode.Subject}: {string.Join(", ", types)}";
            var expected = episode.Find("utc.departed")?.DataString("disposition") switch
            {
                "left-before-treatment" => types.Contains("utc.assessed")
                    ? new[] { "utc.arrived", "utc.assessed", "utc.departed" }
                    : ["utc.arrived", "utc.departed"],
                _ => ["utc.arrived", "utc.assessed", "utc.seen", "utc.departed"],
            };
            types.ShouldBe(expected, ignoreOrder: false, context);
            episode.Events.Zip(episode.Events.Skip(1)).ShouldAllBe(p => p.First.Time < p.Second.Time, context);
        }
    }

    [Fact]
    public void Advance_OverAWeek_GreenCarIncidentsFollowOrderOneAtATime()
    {
        var incidents = SimulatedWeek.Default.Episodes.Where(e => e.Unit == "BURY-GREENCAR").OrderBy(e => e.First.Time).ToList();

        foreach (var incident in incidents)
        {
            incident.Events.Select(e => e.Type).ShouldBe(
                ["greencar.dispatched", "greencar.on-scene", "greencar.outcome", "greencar.clear"], incident.Subject);
            incident.Events.Zip(incident.Events.Skip(1)).ShouldAllBe(p => p.First.Time < p.Second.Time, incident.Subject);
        }

        // One car: each job is dispatched only after the previous one cleared.
        incidents.Zip(incidents.Skip(1)).ShouldAllBe(p => p.Second.First.Time >= p.First.Last.Time);
    }

    [Fact]
    public void Advance_OverAWeek_IvchCallsEndInOutcomeOrAbandonment()
    {
        var week = SimulatedWeek.Default;
        // Calls that came in during the last hours of the run may still be open; everything earlier,
        // including the calls open at start, has ended.
        foreach (var call in week.Episodes.Where(e => e.Unit == "BURY-IVCH" && e.First.Time < week.End))
        {
            var types = call.Events.Select(e => e.Type).ToList();
            string.Join(" ", types).ShouldBeOneOf(
                "ivch.call-received ivch.abandoned",
                "ivch.call-received ivch.assessed ivch.outcome");
            call.Events.Zip(call.Events.Skip(1)).ShouldAllBe(p => p.First.Time < p.Second.Time, call.Subject);
            var booked = call.Find("ivch.outcome")?.Data.TryGetProperty("booked", out _) ?? false;
            if (booked)
            {
                call.Find("ivch.outcome")!.DataString("disposition").ShouldBeOneOf("gp-extended-hours", "gp-out-of-hours");
            }
        }
    }

    [Fact]
    public void Advance_FirstCall_IncludesEpisodesOpenAtStartWithTheirEarlierHistory()
    {
        var atStart = CreateSut().Advance(Start.AddSeconds(1)).Select(SimulatedWeek.Parse).ToList();
        var history = atStart.Where(e => e.Time < Start).ToList();
        var openEd = history.Where(e => e.Type == "ae.arrived").Select(e => e.Subject).ToHashSet();
        var laterEvents = CreateSut().Advance(Start.AddDays(3)).Select(SimulatedWeek.Parse).ToList();

        // A department of ~30 cubicles at midnight holds dozens of patients, some for many hours.
        openEd.Count.ShouldBeInRange(25, 120);
        history.Min(e => e.Time).ShouldBeLessThan(Start.AddHours(-12));
        // Each of them is still open at start: it departs at or after start.
        foreach (var subject in openEd)
        {
            laterEvents.ShouldContain(e => e.Subject == subject && e.Type == "ae.departed" && e.Time >= Start, subject);
        }

        // History comes first, in time order, and nothing closed before start is included.
        history.Select(e => e.Type).ShouldNotContain("ae.departed");
        history.Where(e => e.Unit == "FGH-UTC").Select(e => e.Type).ShouldAllBe(t => t.StartsWith("utc.")); // open 24/7: a few there too
        history.Select(e => e.Unit).ShouldNotContain("BURY-GREENCAR");  // off shift overnight
    }

    [Fact]
    public void Advance_FirstCall_DeclaresCapacityForEveryUnitAtStart()
    {
        var declarations = CreateSut().Advance(Start.AddSeconds(1))
            .Where(e => e.Type == "capacity.declared")
            .Select(e => (e.Unit, e.Time, Resources: Resources(e)))
            .ToList();

        declarations.Select(d => d.Unit).ShouldBe(ContractRules.Units, ignoreOrder: true);
        declarations.ShouldAllBe(d => d.Time == Start);
        var ed = declarations.Single(d => d.Unit == "FGH-ED").Resources;
        ed["cubicles"].ShouldBe(26);
        ed["gaBeds"].ShouldBe(420);
        ed["gaBedsOccupied"].ShouldBeInRange(390, 415);
        ed["noCriteriaToReside"].ShouldBeInRange(30, 45);
        ed["clinicians"].ShouldBeGreaterThan(0);
        declarations.Single(d => d.Unit == "FGH-UTC").Resources.ShouldBe(
            new Dictionary<string, int> { ["cubicles"] = 10, ["clinicians"] = 5 }, ignoreOrder: true); // open 24/7: staffed at midnight
        declarations.Single(d => d.Unit == "BURY-GREENCAR").Resources.ShouldBe(
            new Dictionary<string, int> { ["cars"] = 0 }, ignoreOrder: true);
        declarations.Single(d => d.Unit == "BURY-IVCH").Resources["clinicians"].ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Advance_OverAWeek_DeclaresCapacityAtEachShiftChange()
    {
        var week = SimulatedWeek.Default;
        var declarations = week.Raw.Where(e => e.Type == "capacity.declared" && e.Time > week.Start).ToList();

        // 08:00 and 20:00 local on each of the 7 days plus the 2 extra simulated days, for 4 units.
        declarations.Count.ShouldBe(9 * 2 * 4);
        foreach (var declaration in declarations)
        {
            var local = TimeZoneInfo.ConvertTime(declaration.Time, SimulatedWeek.London);
            local.TimeOfDay.ShouldBeOneOf(TimeSpan.FromHours(8), TimeSpan.FromHours(20));
            var onShift = local.Hour == 8;
            var resources = Resources(declaration);
            switch (declaration.Unit)
            {
                case "FGH-UTC":
                    resources["cubicles"].ShouldBe(10);
                    (resources["clinicians"] > 0).ShouldBeTrue(); // open 24/7
                    break;
                case "BURY-GREENCAR":
                    resources["cars"].ShouldBe(onShift ? 1 : 0);
                    break;
                case "FGH-ED":
                    resources["gaBedsOccupied"].ShouldBeInRange(390, 415);
                    break;
            }
        }
    }

    private static Dictionary<string, int> Resources(SimulatedEvent e) =>
        JsonDocument.Parse(e.Json).RootElement.GetProperty("data").GetProperty("resources")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Fact]
    public void Advance_AcrossTheClockChange_KeepsUtcAndGreenCarToLocalHours()
    {
        // The clocks go back at 02:00 BST on Sunday 25 October 2026; start the week before it.
        var start = new DateTimeOffset(2026, 10, 22, 0, 0, 0, TimeSpan.FromHours(1));
        // A UTC open 08:00–20:00 (the default is 24/7), so its hours can be seen to stay local across the change.
        var week = SimulatedWeek.Run(new SimulatorProfile { UtcOpeningHour = 8, UtcClosingHour = 20, UtcArrivalsPerDay = 70 }, start, seed: 5, days: 7);

        var utcArrivals = week.StartedWithin("FGH-UTC").Select(e => e.First.Local.TimeOfDay).ToList();
        var dispatches = week.StartedWithin("BURY-GREENCAR").Select(e => e.First.Local.TimeOfDay).ToList();

        utcArrivals.ShouldAllBe(t => t >= TimeSpan.FromHours(8) && t < TimeSpan.FromHours(20));
        utcArrivals.Count.ShouldBeInRange(7 * 50, 7 * 90);
        dispatches.ShouldAllBe(t => t >= TimeSpan.FromHours(8) && t < TimeSpan.FromHours(20));
        week.Raw.Where(e => e.Type == "capacity.declared" && e.Time > start)
            .Select(e => TimeZoneInfo.ConvertTime(e.Time, SimulatedWeek.London).TimeOfDay)
            .ShouldAllBe(t => t == TimeSpan.FromHours(8) || t == TimeSpan.FromHours(20));
    }

    [Fact]
    public void Constructor_InvalidProfile_Throws()
    {
        var profile = new SimulatorProfile { AeAmbulanceShare = 1.5 };

        Should.Throw<ArgumentException>(() => new BuryTrafficSimulator(profile, Start, 1))
            .ParamName.ShouldBe(nameof(SimulatorProfile.AeAmbulanceShare));
    }

    [Fact]
    public void Constructor_StartWithFractionalSeconds_DeclaresCapacityAtTheNextWholeSecond()
    {
        var start = Start.AddMilliseconds(500);
        var events = new BuryTrafficSimulator(SimulatorProfile.Default, start, 3).Advance(start.AddHours(1));

        events.Where(e => e.Type == "capacity.declared").ShouldAllBe(e => e.Time == Start.AddSeconds(1));
        events.Where(e => e.Time >= start).ShouldNotBeEmpty();
    }
}
