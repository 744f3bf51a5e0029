namespace BuryUrgentCare.Processing;

public sealed class CapacityLedgerTests
{
    private static KeyValuePair<string, long>[] Resources(params (string Name, long Value)[] values) =>
        [.. values.Select(v => new KeyValuePair<string, long>(v.Name, v.Value))];

    [Fact]
    public void ValueAt_BeforeAnyDeclaration_Absent()
    {
        var ledger = new CapacityLedger();
        ledger.ValueAt("cubicles", 100).ShouldBeNull();

        ledger.Declare(200, Resources(("cubicles", 20)));

        ledger.ValueAt("cubicles", 199).ShouldBeNull();
        ledger.ValueAt("beds", 300).ShouldBeNull();
    }

    [Fact]
    public void ValueAt_LaterDeclaration_ReplacesFromItsOwnTimeOn()
    {
        var ledger = new CapacityLedger();
        // declared out of order: the time, not the arrival order, decides
        ledger.Declare(500, Resources(("cubicles", 12)));
        ledger.Declare(100, Resources(("cubicles", 20), ("clinicians", 6)));

        ledger.ValueAt("cubicles", 100).ShouldBe(20);
        ledger.ValueAt("cubicles", 499).ShouldBe(20);
        ledger.ValueAt("cubicles", 500).ShouldBe(12);
        // the 500 declaration named only cubicles: clinicians stays as declared at 100
        ledger.ValueAt("clinicians", 600).ShouldBe(6);
        ledger.At(600).ShouldBe(new SortedDictionary<string, long> { ["clinicians"] = 6, ["cubicles"] = 12 });
    }

    [Fact]
    public void Declare_TwoValuesAtOneInstant_LargerInEitherOrder()
    {
        var a = new CapacityLedger();
        a.Declare(100, Resources(("cubicles", 20)));
        a.Declare(100, Resources(("cubicles", 24)));
        var b = new CapacityLedger();
        b.Declare(100, Resources(("cubicles", 24)));
        b.Declare(100, Resources(("cubicles", 20)));

        a.ValueAt("cubicles", 100).ShouldBe(24);
        b.ValueAt("cubicles", 100).ShouldBe(24);
    }

    [Fact]
    public void Prune_SupersededDeclarations_KeepsTheOneInForceAtTheCutoff()
    {
        var ledger = new CapacityLedger();
        ledger.Declare(100, Resources(("cubicles", 20)));
        ledger.Declare(200, Resources(("cubicles", 18)));
        ledger.Declare(300, Resources(("cubicles", 16)));

        ledger.Prune(250);

        ledger.ValueAt("cubicles", 250).ShouldBe(18);
        ledger.ValueAt("cubicles", 300).ShouldBe(16);
    }

    [Fact]
    public void At_AskedAgain_AnswersAsAFreshLedgerWould_AsTimeMovesEitherWayAndDeclarationsArrive()
    {
        // At keeps its last answer for the instants it holds for; every answer must still be the one a ledger that was
        // never asked before gives.
        var declarations = new List<(long Time, KeyValuePair<string, long>[] Resources)>
        {
            (100, Resources(("cubicles", 20), ("clinicians", 6))),
            (500, Resources(("cubicles", 12))),
        };
        var ledger = new CapacityLedger();
        foreach (var (time, resources) in declarations)
        {
            ledger.Declare(time, resources);
        }

        void ShouldAnswerAsFresh(long at)
        {
            var fresh = new CapacityLedger();
            foreach (var (time, resources) in declarations)
            {
                fresh.Declare(time, resources);
            }

            ledger.At(at).ToArray().ShouldBe(fresh.At(at).ToArray(), $"at {at}");
        }

        foreach (var at in new long[] { 50, 100, 300, 499, 500, 800, 300, 99, 500 })
        {
            ShouldAnswerAsFresh(at);
        }

        ledger.At(300)["cubicles"].ShouldBe(20);
        declarations.Add((250, Resources(("cubicles", 16), ("beds", 3)))); // inside the span the last answer held for
        ledger.Declare(250, declarations[^1].Resources);
        ledger.At(300).ShouldBe(new Dictionary<string, long> { ["beds"] = 3, ["clinicians"] = 6, ["cubicles"] = 16 }, ignoreOrder: true);
        foreach (var at in new long[] { 249, 250, 300, 600 })
        {
            ShouldAnswerAsFresh(at);
        }

        ledger.Prune(400);
        ledger.At(450)["cubicles"].ShouldBe(16);
        Should.Throw<NotSupportedException>(() => ((IDictionary<string, long>)ledger.At(450))["cubicles"] = 99, "a shared answer is read-only");
        ledger.At(450)["cubicles"].ShouldBe(16);
    }
}
