using System.CommandLine;
using System.Diagnostics;
using GenerativeCourse.Data;
using GenerativeCourse.Plots;
using Spectre.Console;
using TorchSharp;

namespace GenerativeCourse.Cli.Commands;

/// <summary>
/// <c>gencourse doctor</c>: checks that this machine can run the course — TorchSharp's native
/// libraries load (repairing the known GLIBCXX problem on older Linux), tensors compute, the
/// embedded digits pass their checksum — and prints what it found. Exit code 0 when every check passes.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check that this machine can run the course, and show how TorchSharp was loaded.");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        var table = new Table().AddColumns("check", "result", "detail");
        var failures = 0;
        foreach (var (name, check) in Checks())
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var detail = check();
                table.AddRow(Markup.Escape(name), "[green]ok[/]", Markup.Escape($"{detail} ({watch.ElapsedMilliseconds} ms)"));
            }
            catch (Exception e)
            {
                failures++;
                table.AddRow(Markup.Escape(name), "[red]failed[/]", Markup.Escape(e.Message));
            }
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(failures == 0 ? "[green]Ready for the course.[/]" : $"[red]{failures} check(s) failed.[/]");
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<(string Name, Func<string> Check)> Checks()
    {
        yield return ("TorchSharp native libraries", () => Course.Setup().ToString());
        yield return ("tensor arithmetic", TensorArithmetic);
        yield return ("embedded MNIST digits", EmbeddedDigits);
        yield return ("embedded full MNIST", FullMnist);
        yield return ("image rendering (SkiaSharp)", ImageRendering);
    }

    /// <summary>Decodes the embedded digits (the loader verifies their SHA-256) and counts the fixed split.</summary>
    private static string FullMnist() =>
        $"4 IDX files SHA-256 verified; split {Mnist.Train.Count}/{Mnist.Validation.Count}/{Mnist.Test.Count} (train/validation/test)";

    private static string EmbeddedDigits() =>
        $"SHA-256 verified; split {MnistDigits.Train.Count}/{MnistDigits.Validation.Count}/{MnistDigits.Test.Count} (train/validation/test)";

    /// <summary>Renders the first ten test digits to PNG, which needs SkiaSharp's native library.</summary>
    private static string ImageRendering()
    {
        var test = MnistDigits.Test;
        var png = ImageGrid.FromBytes(test.RawPixels[..(10 * MnistDigits.PixelsPerImage)].ToArray(), MnistDigits.Rows, MnistDigits.Columns).ToPng();
        return $"10 test digits as a {png.Length:N0}-byte PNG";
    }

    /// <summary>A 2×3 by 3×2 product whose exact result is known.</summary>
    private static string TensorArithmetic()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        var product = a.matmul(a.t()).data<float>().ToArray();
        return product.SequenceEqual([5f, 14f, 14f, 50f])
            ? $"[[0,1,2],[3,4,5]] x its transpose = [[5,14],[14,50]] on {torch.get_num_threads()} thread(s)"
            : throw new InvalidOperationException($"expected [5, 14, 14, 50], got [{string.Join(", ", product)}]");
    }
}
