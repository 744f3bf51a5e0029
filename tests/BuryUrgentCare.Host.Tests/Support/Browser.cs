using Microsoft.Playwright;

namespace BuryUrgentCare.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never <c>playwright install</c>: no downloads here).
/// The flags keep Chromium from reaching for the network, which this machine refuses.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Instance => _browser ?? throw new InvalidOperationException("browser not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run 'bash infra/install-deps.sh --tests' (installs Debian's chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
