namespace BuryUrgentCare.Simulation;

/// <summary>
/// One simulated event: the UTF-8 CloudEvents JSON exactly as an integrator would send it
/// (structured mode, event contract v1), plus the envelope fields a producer needs without
/// parsing it again (<see cref="Unit"/> is the Kafka message key).
/// </summary>
/// <param name="Unit">The service unit, e.g. <c>FGH-ED</c>; the Kafka key.</param>
/// <param name="Type">The contract event type, e.g. <c>ae.arrived</c>.</param>
/// <param name="Time">The event time (whole seconds, UTC).</param>
/// <param name="Id">The event id (unique within one simulator run).</param>
/// <param name="Json">The complete event as UTF-8 JSON.</param>
public sealed record SimulatedEvent(string Unit, string Type, DateTimeOffset Time, string Id, byte[] Json);
