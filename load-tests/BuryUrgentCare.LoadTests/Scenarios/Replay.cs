using System.Diagnostics;
using BuryUrgentCare.LoadTests.Framework;
using BuryUrgentCare.LoadTests.Target;
using Confluent.Kafka;

namespace BuryUrgentCare.LoadTests.Scenarios;

/// <summary>
/// <c>replay</c>: a log of N events (default 2,000,000) over the last 47 h of the four units already in Kafka — episodes
/// that open and close ten minutes later, so each unit's open set stays in the hundreds as in a department; the time
/// from starting a host to <c>/health/ready</c> with every event applied, against a raw Confluent.Kafka consume of the
/// same log in the same run. The in-process cluster keeps only ~5 MiB per partition and offers no setting to raise it,
/// so the log goes to a topic created with enough partitions (≈ 4 MiB each) through librdkafka's mock API
/// (<see cref="MockCluster.CreateTopic"/>), and events are spread over them round-robin rather than by unit key
/// (the figures do not depend on event order; ownership of a unit is then nominal, which one worker does not mind).
/// Then (issue 12) the host is stopped gracefully, which writes its checkpoints, and a second host is started on the same
/// log: restart → ready with a checkpoint present, which restores the state and reads only the tail (target ≤ 10 s).
/// </summary>
public static class Replay
{
    public const string Name = "replay";

    private const double BytesPerPartition = 4 * 1024 * 1024;

    public static async Task Run(LoadContext context, ScenarioReport report)
    {
        var total = context.Settings.Smoke ? 20_000 : context.Settings.ReplayEvents;
        var run = report.Run($"{total:N0} events replayed on start");
        if (context.Cluster is not { } cluster)
        {
            run.Figure("skipped", $"replay needs the program's own cluster (not --target)");
            return;
        }

        var events = new LoadEvents(Environment.TickCount64);
        var sample = events.Create("FGH-ED", 1, DateTimeOffset.UtcNow).Length + 160; // + key, header, record and batch overhead
        var partitions = Math.Max(4, (int)Math.Ceiling(total * (double)sample / BytesPerPartition));
        var topic = "uec.replay." + Guid.NewGuid().ToString("N");
        cluster.CreateTopic(topic, partitions);
        // The checkpoints hold every remembered event id (24 B each) in chunks of 512 KiB spread by key: enough partitions
        // that none passes the in-process cluster's ~5 MiB, which would drop the oldest chunks.
        cluster.CreateTopic(topic + ".checkpoints", Math.Max(4, (int)Math.Ceiling(total * 128.0 / BytesPerPartition)));
        run.Figure("partitions (created through rd_kafka_mock_topic_create; ≈ 4 MiB of events each)", $"{partitions:N0}");

        // Fill the log: per unit, episodes that open and close ten minutes (of event time) later, so the open set stays in
        // the hundreds, as in a busy department (a log of openings only would leave half a million patients "in" the ED).
        var fill = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddHours(-47);
        var slot = TimeSpan.FromHours(47) * 4 / total; // event time between one unit's events
        var stay = Math.Max(1, (long)(TimeSpan.FromMinutes(10) / (2 * slot))); // in episodes
        using (var producer = cluster.CreateProducer(c =>
        {
            c.LingerMs = 20;
            c.BatchNumMessages = 10_000;
            c.QueueBufferingMaxMessages = 1_000_000;
            c.QueueBufferingMaxKbytes = 1_048_576;
        }))
        {
            var failed = 0L;
            for (var n = 0; n < total; n++)
            {
                var unit = LoadEvents.Units[n % 4];
                var time = start.AddSeconds(47.0 * 3600 * n / total);
                // A unit's even slots open its episode k (named by the slot's n, unique over the log), its odd slots close
                // its episode k − stay, opened at n − 8·stay − 4 (or, early on, open another one).
                var (k, opening) = (n / 4 / 2, n / 4 % 2 == 0);
                var value = opening ? events.Create(unit, n, time)
                    : k >= stay ? events.Closing(unit, n - (8 * stay) - 4, time)
                    : events.Create(unit, -(n + 1), time);
                var message = new Message<string, byte[]> { Key = unit, Value = value };
                while (true)
                {
                    try
                    {
                        producer.Produce(new TopicPartition(topic, new Partition(n % partitions)), message, r =>
                        {
                            if (r.Error.IsError)
                            {
                                Interlocked.Increment(ref failed);
                            }
                        });
                        break;
                    }
                    catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
            }

            producer.Flush(TimeSpan.FromMinutes(5));
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} events could not be produced to the replay log.");
            }
        }

        run.Figure("log filled in", $"{fill.Elapsed.TotalSeconds:0.0} s");
        var raw = RawConsume(cluster.BootstrapServers, topic, partitions, total);
        run.Figure("raw Confluent.Kafka consume of the log", $"{raw.TotalSeconds:0.00} s = {total / raw.TotalSeconds:N0} events/s");

        // What a start costs with nothing to replay (process start, JIT, consumer group join), to tell it apart.
        var empty = Stopwatch.StartNew();
        await using (var idle = HostUnderTest.Start(cluster, "uec.replay.empty." + Guid.NewGuid().ToString("N")))
        {
            await idle.WaitReady(TimeSpan.FromMinutes(1));
        }

        var overhead = empty.Elapsed;
        run.Figure("host start → ready with an empty topic", $"{overhead.TotalSeconds:0.00} s");

        var started = Stopwatch.StartNew();
        await using var host = HostUnderTest.Start(cluster, topic, new Dictionary<string, string>
        {
            ["Serilog:MinimumLevel:Override:BuryUrgentCare.Ingestion"] = "Information", // its replay lines, below
        });
        await host.WaitReady(TimeSpan.FromMinutes(10));
        var ready = started.Elapsed;
        foreach (var line in host.Output.Split('\n').Where(l => l.Contains("Assigned partitions", StringComparison.Ordinal)
            || l.Contains("Replaying", StringComparison.Ordinal) || l.Contains("heckpoint", StringComparison.Ordinal)).Take(12))
        {
            run.Figure("replaying host log", $"{(line.Trim().Length > 160 ? line.Trim()[..160] + "…" : line.Trim())}");
        }

        using var http = host.CreateHttpClient();
        var applied = (await Wallboard.Applied(http)).Values.Sum();
        var consumed = await Wallboard.Consumed(http);
        run.Figure("host start → /health/ready", $"{ready.TotalSeconds:0.00} s = {total / ready.TotalSeconds:N0} events/s");
        run.Figure("consumed / applied when ready", $"{consumed:N0} / {applied:N0}");
        var catchUp = ready - overhead;
        var ratio = raw.TotalSeconds / catchUp.TotalSeconds;
        run.Figure("replay alone (ready − empty start)", $"{catchUp.TotalSeconds:0.00} s = {total / catchUp.TotalSeconds:N0} events/s");
        run.Figure("host replay ÷ raw consume (events/s)", $"{ratio:0.00}");
        run.Threshold("ready with every event applied", applied == total, $"{applied:N0} of {total:N0} applied when ready");
        if (!context.Settings.Smoke)
        {
            run.Threshold("catch-up ≥ 0.8 × raw consume (issue 11 target)", ratio >= 0.8, $"{ratio:0.00}");
        }

        await RestartFromCheckpoint(run, cluster, topic, host, total, ready);
    }

    /// <summary>Stops the host gracefully (it writes its checkpoints) and times a new host's start → ready on the same log.</summary>
    private static async Task RestartFromCheckpoint(RunResult run, MockCluster cluster, string topic, HostUnderTest host, int total, TimeSpan replayed)
    {
        var stopping = Stopwatch.StartNew();
        await host.Stop(TimeSpan.FromMinutes(2));
        run.Figure("graceful stop (checkpoints written)", $"{stopping.Elapsed.TotalSeconds:0.00} s");

        var started = Stopwatch.StartNew();
        await using var restarted = HostUnderTest.Start(cluster, topic, new Dictionary<string, string>
        {
            // Its restore and replay lines, to say below what the restart did.
            ["Serilog:MinimumLevel:Override:BuryUrgentCare.Ingestion"] = "Information",
        });
        await restarted.WaitReady(TimeSpan.FromMinutes(10));
        var ready = started.Elapsed;
        var lines = restarted.Output.Split('\n');
        run.Figure("partitions restored from a checkpoint", $"{lines.Count(l => l.Contains("restored from the checkpoint", StringComparison.Ordinal)):N0}");
        foreach (var line in lines.Where(l => (l.Contains("heckpoint", StringComparison.Ordinal) || l.Contains("Assigned partitions", StringComparison.Ordinal))
            && !l.Contains("restored from the checkpoint", StringComparison.Ordinal)).Take(10))
        {
            run.Figure("host log", $"{line.Trim()}");
        }

        using var http = restarted.CreateHttpClient();
        var applied = (await Wallboard.Applied(http)).Values.Sum();
        var consumed = await Wallboard.Consumed(http);
        run.Figure("restart → /health/ready with a checkpoint", $"{ready.TotalSeconds:0.00} s (without: {replayed.TotalSeconds:0.00} s)");
        run.Figure("consumed / applied when ready after the restart", $"{consumed:N0} / {applied:N0}");
        run.Threshold("restored, not replayed: every event counted, none read again", applied == total && consumed < total / 100,
            $"{applied:N0} of {total:N0} applied, {consumed:N0} read");
        run.Threshold("restart → ready with a checkpoint ≤ 10 s (issue 12 target)", ready <= TimeSpan.FromSeconds(10), $"{ready.TotalSeconds:0.00} s");
    }

    private static TimeSpan RawConsume(string bootstrap, string topic, int partitions, int total)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bury-load-raw-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        var watch = Stopwatch.StartNew();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        while (read < total && watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null })
            {
                read++;
            }
        }

        var elapsed = watch.Elapsed;
        consumer.Close();
        return read == total ? elapsed : throw new InvalidOperationException($"Raw consume read {read} of {total} events.");
    }
}
