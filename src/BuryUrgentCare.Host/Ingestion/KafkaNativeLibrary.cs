using System.Reflection;
using System.Runtime.InteropServices;

namespace BuryUrgentCare.Ingestion;

/// <summary>
/// Loads librdkafka from the <c>librdkafka.redist</c> package by path. On Debian 12 the package's
/// default <c>librdkafka.so</c> cannot load (it links <c>libsasl2.so.3</c>; Debian ships <c>.so.2</c>),
/// so the self-contained <c>centos8-librdkafka.so</c> beside it is the fallback. A bare library name
/// is never used: it could find Debian's own librdkafka 2.0.2, which lacks symbols the 2.x client calls.
/// Register once per process, before the first Confluent.Kafka call.
/// </summary>
public static class KafkaNativeLibrary
{
    private static int _registered;
    private static IntPtr _handle;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
    }

    /// <summary>
    /// A function librdkafka exports that Confluent.Kafka does not wrap (the in-process cluster's mock API), from the
    /// same loaded library the client uses.
    /// </summary>
    internal static TDelegate Export<TDelegate>(string symbol) where TDelegate : Delegate
    {
        Register();
        var library = _handle != IntPtr.Zero ? _handle : Resolve("librdkafka", typeof(KafkaNativeLibrary).Assembly, null);
        return Marshal.GetDelegateForFunctionPointer<TDelegate>(NativeLibrary.GetExport(library, symbol));
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("rdkafka", StringComparison.OrdinalIgnoreCase) || !OperatingSystem.IsLinux()
            || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return IntPtr.Zero; // default probing elsewhere
        }

        if (_handle != IntPtr.Zero)
        {
            return _handle;
        }

        var directory = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(directory, file), out var handle))
            {
                _handle = handle;
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"librdkafka could not be loaded from {directory} (tried librdkafka.so and centos8-librdkafka.so). " +
            "Is the librdkafka.redist package restored and copied to the output?");
    }
}
