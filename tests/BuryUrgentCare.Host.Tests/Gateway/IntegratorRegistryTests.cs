using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Gateway;

public sealed class IntegratorRegistryTests
{
    [Fact]
    public void Authenticate_FindsTheIntegratorWhoseKeyHashMatches()
    {
        var sut = CreateSut(("ed-epr", IntegratorOptions.HashKey("key-one")), ("ivch", IntegratorOptions.HashKey("key-two")));

        sut.Authenticate("key-one")!.Name.ShouldBe("ed-epr");
        sut.Authenticate("key-two")!.Name.ShouldBe("ivch");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("key-one ")]
    [InlineData("KEY-ONE")]
    [InlineData("key-three")]
    public void Authenticate_MissingOrUnknownKey_IsNobody(string? key) =>
        CreateSut(("ed-epr", IntegratorOptions.HashKey("key-one"))).Authenticate(key).ShouldBeNull();

    [Fact]
    public void Authenticate_AcceptsUpperCaseHexInConfiguration()
    {
        var sut = CreateSut(("ed-epr", IntegratorOptions.HashKey("key-one").ToUpperInvariant()));

        sut.Authenticate("key-one").ShouldNotBeNull();
    }

    [Fact]
    public void Authenticate_AnAbsurdlyLongKey_IsNobody() =>
        CreateSut(("x", IntegratorOptions.HashKey(new string('k', 2000)))).Authenticate(new string('k', 2000)).ShouldBeNull();

    [Fact]
    public void HashKey_IsTheLowerCaseHexSha256OfTheKeysUtf8()
    {
        // printf %s demo-key | sha256sum
        IntegratorOptions.HashKey("demo-key").ShouldBe("c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c");
    }

    [Fact]
    public void AcceptsDemoKey_OnlyWhenAnIntegratorUsesIt()
    {
        CreateSut(("demo", IntegratorOptions.HashKey(IntegratorOptions.DemoKey))).AcceptsDemoKey.ShouldBeTrue();
        CreateSut(("ed-epr", IntegratorOptions.HashKey("key-one"))).AcceptsDemoKey.ShouldBeFalse();
    }

    private static IntegratorRegistry CreateSut(params (string Name, string Hash)[] integrators) =>
        new(Options.Create(new GatewayOptions
        {
            Integrators = integrators.Select(i => new IntegratorOptions { Name = i.Name, KeySha256 = i.Hash }).ToList(),
        }));
}
