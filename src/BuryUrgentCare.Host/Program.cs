using BuryUrgentCare.Access;
using BuryUrgentCare.Escalation;
using BuryUrgentCare.Escalation.Workspace;
using BuryUrgentCare.Figures;
using BuryUrgentCare.Gateway;
using BuryUrgentCare.Health;
using BuryUrgentCare.History;
using BuryUrgentCare.Ingestion;
using BuryUrgentCare.Jobs;
using BuryUrgentCare.Logging;
using BuryUrgentCare.Processing;
using BuryUrgentCare.Realtime;
using BuryUrgentCare.Simulation;
using BuryUrgentCare.Telemetry;
using BuryUrgentCare.Units;
using Serilog;

Log.Logger = SerilogSetup.CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLogging();
    builder.AddAccessControl();
    builder.AddSimulation();
    builder.AddStreamProcessing();
    builder.AddEscalation();
    builder.AddEscalationWorkspace();
    builder.AddFigureCatalogue();
    builder.AddKafkaIngestion();
    builder.AddGateway();
    builder.AddRealtime();
    builder.AddHistory();
    builder.AddJobs();
    builder.AddTelemetry();
    builder.AddApiDescription();
    builder.Services.AddProblemDetails();

    var app = builder.Build();
    if (HistoryRebuildCommand.IsInvoked(args))
    {
        // A one-off command, not the host: nothing is started (no web server, consumer or jobs).
        return await HistoryRebuildCommand.RunAsync(app.Services, args, Console.Out, CancellationToken.None);
    }

    app.UseRequestLogging();
    app.UseSecurityHeaders();
    app.UsePageAssets();
    app.UseAccessControl();
    app.MapAccessApi();
    app.MapRealtime();
    app.MapFiguresApi();
    app.MapUnitsApi().MapUnitHistory().MapBreachRisk();
    app.MapEscalationApi();
    app.MapEscalationWorkspace();
    app.MapGateway();
    app.MapIngestApi();
    app.MapTrendsApi();
    app.MapHistoryApi();
    app.MapJobsApi();
    app.MapHealth();
    app.MapTelemetry();
    app.MapApiDescription();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "Bury Urgent Care stopped unexpectedly");
    throw;
}
finally
{
    Log.CloseAndFlush();
}

/// <summary>Entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
