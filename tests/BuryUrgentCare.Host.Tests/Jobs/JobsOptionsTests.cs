using BuryUrgentCare.History;
using BuryUrgentCare.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BuryUrgentCare.Jobs;

public sealed class JobsOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobs-di-").FullName;

    private IHost CreateSut(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _folder });
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("Jobs:Enabled", (string?)"false"),
            .. settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))]);
        builder.AddStreamProcessing();
        builder.AddHistory();
        builder.AddJobs();
        return builder.Build();
    }

    [Fact]
    public void Defaults_OneMinuteSnapshotsRollupAt0005RetentionAt0015()
    {
        using var host = CreateSut();

        var options = host.Services.GetRequiredService<IOptions<JobsOptions>>().Value;

        options.SnapshotInterval.ShouldBe(TimeSpan.FromMinutes(1));
        options.DailyRollupAt.ShouldBe(new TimeSpan(0, 5, 0));
        options.RetentionAt.ShouldBe(new TimeSpan(0, 15, 0));
        JobsExtensions.DescribeSchedule(DailyRollupJob.Key, options).ShouldBe("daily at 00:05:00 Europe/London (cron 0 5 0 * * ?)");
    }

    [Theory]
    [InlineData("Jobs:SnapshotInterval", "00:00:07", "divide a day")]
    [InlineData("Jobs:SnapshotInterval", "00:00:01.500", "whole seconds")]
    [InlineData("Jobs:SnapshotInterval", "00:00:00.500", "SnapshotInterval")]
    [InlineData("Jobs:SnapshotInterval", "02:00:00", "SnapshotInterval")]
    [InlineData("Jobs:DailyRollupAt", "1.00:00:00", "DailyRollupAt")]
    [InlineData("Jobs:RetentionAt", "00:15:00.250", "whole second")]
    public async Task InvalidSetting_FailsAtStart(string key, string value, string message)
    {
        using var host = CreateSut((key, value));

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        ex.Message.ShouldContain(message);
    }

    [Fact]
    public async Task Disabled_SchedulerBuiltButNothingFires()
    {
        using var host = CreateSut();
        await host.StartAsync();

        var scheduler = await host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();

        scheduler.Status.ShouldBeOneOf(Quartz.SchedulerStatus.Created, Quartz.SchedulerStatus.Standby);
        (await scheduler.GetJobDetail(SnapshotJob.Key))!.Description.ShouldBe(SnapshotJob.Description);
        await host.StopAsync();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
