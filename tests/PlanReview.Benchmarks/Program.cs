using System.Globalization;
using BenchmarkDotNet.Running;
using PlanReview.Benchmarks;

// `generate --resources N --seed S --out FILE` writes a plan; anything else goes to BenchmarkDotNet
// (for example `-c Release -- --filter '*'`).
if (args.Length > 0 && args[0] == "generate")
{
    var resources = 1000;
    var seed = 42;
    string? output = null;
    for (var i = 1; i < args.Length; i++)
    {
        var value = i + 1 < args.Length ? args[i + 1] : null;
        switch (args[i])
        {
            case "--resources" when value is not null:
                resources = int.Parse(value, CultureInfo.InvariantCulture);
                i++;
                break;
            case "--seed" when value is not null:
                seed = int.Parse(value, CultureInfo.InvariantCulture);
                i++;
                break;
            case "--out" when value is not null:
                output = value;
                i++;
                break;
            default:
                await Console.Error.WriteLineAsync($"generate: unknown or incomplete option {args[i]}; usage: generate --resources N --seed S --out FILE");
                return 2;
        }
    }

    if (output is null)
    {
        await Console.Error.WriteLineAsync("generate: --out FILE is required");
        return 2;
    }

    var generator = new PlanGenerator(resources, seed);
    generator.WriteTo(output);
    var counts = generator.Counts();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{output}: {resources} resources, {new FileInfo(output).Length} bytes; no-op {counts.NoOp}, update {counts.Update}, delete {counts.Delete}, replace {counts.Replace}, create {counts.Create}"));
    return 0;
}

if (args.Length == 2 && args[0] == "phases")
{
    Phases.Run(args[1]);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(PlanGenerator).Assembly).Run(args);
return 0;
