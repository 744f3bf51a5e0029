using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuryUrgentCare.Support;

namespace BuryUrgentCare.Access;

/// <summary>
/// Staff sign-in through a real OpenID Connect flow: the host (on a real Kafka endpoint, so no development sign-in)
/// sends a page visitor to an OpenIddict issuer on loopback, redeems the code with its client secret, maps the
/// provider's role to ours, and keeps the session in a cookie.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed partial class OidcSignInTests(KafkaTestCluster kafka)
{
    [Fact]
    public async Task APageVisitor_SignsInAtTheIssuer_AndComesBackAManager_WhoIsNotAnAdmin()
    {
        await using var issuer = await OidcIssuer.StartAsync();
        await using var host = new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?>
        {
            ["Auth:DevelopmentSignIn"] = null,
            ["Auth:Oidc:Authority"] = issuer.Address.ToString(),
            ["Auth:Oidc:ClientId"] = OidcIssuer.ClientId,
            ["Auth:Oidc:ClientSecret"] = OidcIssuer.ClientSecret,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:RoleClaim"] = "role",
            ["Auth:Oidc:RoleMap:UEC.Manager"] = AccessRoles.Manager,
        });
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);

        // An API call without a session is refused, not redirected.
        (await browser.GetAsync(new Uri(host.BaseAddress, "/api/units"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A page is sent to the issuer…
        using var page = await browser.GetAsync(new Uri(host.BaseAddress, "/escalation"));
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = page.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(issuer.Address.GetLeftPart(UriPartial.Authority));
        authorize.Query.ShouldContain("code_challenge=");

        // …which signs the user in and posts the code back (response_mode=form_post)…
        var form = await browser.GetStringAsync(authorize);
        var action = FormAction().Match(form).Groups[1].Value;
        var fields = HiddenField().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields.ShouldContainKey("code");
        using var callback = await browser.PostAsync(WebUtility.HtmlDecode(action), new FormUrlEncodedContent(fields));

        // …and the host redeems it, signs the user in with a cookie, and returns to the page.
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        callback.Headers.Location!.OriginalString.ShouldEndWith("/escalation");
        using var back = await browser.GetAsync(new Uri(host.BaseAddress, "/escalation"));
        back.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await back.Content.ReadAsStringAsync()).ShouldNotContain(DevelopmentBanner.Text);

        var me = await browser.GetFromJsonAsync<JsonElement>(new Uri(host.BaseAddress, "/api/access/me"));
        me.GetProperty("name").GetString().ShouldBe(OidcIssuer.UserName);
        me.GetProperty("developmentSignIn").GetBoolean().ShouldBeFalse();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe([AccessRoles.Viewer, AccessRoles.Manager], ignoreOrder: true);
        (await browser.GetAsync(new Uri(host.BaseAddress, "/api/units"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync(new Uri(host.BaseAddress, "/api/jobs"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnApiClient_WithTheIssuersAccessToken_IsItsRoles()
    {
        await using var issuer = await OidcIssuer.StartAsync();
        await using var host = new BuryHost(kafka, kafka.NewTopic(), settings: new Dictionary<string, string?>
        {
            ["Auth:DevelopmentSignIn"] = null,
            ["Auth:Oidc:Authority"] = issuer.Address.ToString(),
            ["Auth:Oidc:ClientId"] = OidcIssuer.ClientId,
            ["Auth:Oidc:ClientSecret"] = OidcIssuer.ClientSecret,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Auth:Oidc:RoleClaim"] = "role",
            ["Auth:Oidc:RoleMap:UEC.Manager"] = AccessRoles.Manager,
        });
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler);

        // The authorization-code flow a script or another service runs, with PKCE, for an access token.
        var verifier = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var challenge = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string redirect = "http://127.0.0.1:9/callback";
        using var authorize = await client.GetAsync(new Uri(issuer.Address,
            $"connect/authorize?response_type=code&response_mode=query&client_id={OidcIssuer.ClientId}&scope=openid&state=s1" +
            $"&redirect_uri={Uri.EscapeDataString(redirect)}&code_challenge={challenge}&code_challenge_method=S256"));
        authorize.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var code = System.Web.HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"]!;
        using var token = await client.PostAsync(new Uri(issuer.Address, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect,
            ["client_id"] = OidcIssuer.ClientId,
            ["client_secret"] = OidcIssuer.ClientSecret,
            ["code_verifier"] = verifier,
        }));
        token.StatusCode.ShouldBe(HttpStatusCode.OK, await token.Content.ReadAsStringAsync());
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        async Task<HttpStatusCode> Get(string path, string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, path));
            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        (await Get("/api/units", accessToken)).ShouldBe(HttpStatusCode.OK);
        (await Get("/api/escalation/workspace", accessToken)).ShouldBe(HttpStatusCode.OK);
        (await Get("/api/jobs", accessToken)).ShouldBe(HttpStatusCode.Forbidden);
        (await Get("/api/units", accessToken[..^4] + "AAAA")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenField();
}
