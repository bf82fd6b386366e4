namespace Strata.TestHost;

/// <summary>Writes the host's protocol lines to stdout, one per line, flushed at once so a kill loses none already reported.</summary>
internal static class HostOutput
{
    private static readonly Lock Gate = new();

    public static void Line(string text)
    {
        lock (Gate)
        {
            Console.Out.Write(text + "\n");
            Console.Out.Flush();
        }
    }
}
