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
}
