namespace BuryUrgentCare.Access;

public sealed class AccessModeTests
{
    private static AccessOptions Options(bool required = false, bool? development = null, string? authority = null, string? clientId = "bury") => new()
    {
        Required = required,
        DevelopmentSignIn = development,
        Oidc = new OidcOptions { Authority = authority, ClientId = clientId },
    };

    [Fact]
    public void EmbeddedCluster_NoIdentityProvider_DevelopmentSignInIsOn() =>
        AccessMode.Resolve(Options(), kafkaEmbedded: true).ShouldBe(new AccessMode(DevelopmentSignIn: true, Oidc: false));

    [Fact]
    public void EmbeddedCluster_AuthRequired_NoDevelopmentSignIn() =>
        AccessMode.Resolve(Options(required: true), kafkaEmbedded: true).DevelopmentSignIn.ShouldBeFalse();

    [Fact]
    public void EmbeddedCluster_IdentityProvider_NoDevelopmentSignIn() =>
        AccessMode.Resolve(Options(authority: "https://login.example/tenant/v2.0"), kafkaEmbedded: true).ShouldBe(new AccessMode(false, true));

    [Fact]
    public void RealCluster_NoIdentityProvider_RefusesToStart_SayingWhatToSet()
    {
        var refused = Should.Throw<InvalidOperationException>(() => AccessMode.Resolve(Options(), kafkaEmbedded: false));
        refused.Message.ShouldContain("Refusing to start");
        refused.Message.ShouldContain("Auth:Oidc:Authority");
    }

    [Fact]
    public void RealCluster_AuthRequired_NoIdentityProvider_StartsWithDeviceTokensAndApiKeysOnly() =>
        AccessMode.Resolve(Options(required: true), kafkaEmbedded: false).ShouldBe(new AccessMode(DevelopmentSignIn: false, Oidc: false));

    [Fact]
    public void RealCluster_IdentityProvider_Starts() =>
        AccessMode.Resolve(Options(authority: "https://login.example/tenant/v2.0"), kafkaEmbedded: false).ShouldBe(new AccessMode(false, true));

    [Fact]
    public void RealCluster_ExplicitDevelopmentSignIn_Starts() =>
        AccessMode.Resolve(Options(development: true), kafkaEmbedded: false).DevelopmentSignIn.ShouldBeTrue();

    [Fact]
    public void RequiredAndDevelopmentSignIn_Contradict() =>
        Should.Throw<InvalidOperationException>(() => AccessMode.Resolve(Options(required: true, development: true), kafkaEmbedded: true))
            .Message.ShouldContain("contradict");

    [Fact]
    public void AuthorityWithoutClientId_IsRefused() =>
        Should.Throw<InvalidOperationException>(() => AccessMode.Resolve(Options(authority: "https://login.example", clientId: null), kafkaEmbedded: true))
            .Message.ShouldContain("Auth:Oidc:ClientId");

    [Theory]
    [InlineData("viewer", new[] { "viewer", "manager", "commissioner", "admin" })]
    [InlineData("manager", new[] { "manager", "admin" })]
    [InlineData("commissioner", new[] { "commissioner", "admin" })]
    [InlineData("admin", new[] { "admin" })]
    [InlineData("integrator", new[] { "integrator" })]
    public void Roles_AreHierarchical_AdminIncludesEveryStaffRole_IntegratorStandsApart(string role, string[] granting) =>
        AccessRoles.Granting(role).ShouldBe(granting, ignoreOrder: true);
}
