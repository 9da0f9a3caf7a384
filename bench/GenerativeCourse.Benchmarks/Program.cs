using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Micro-benchmarks of the kernels that dominate training time (see KernelBenchmarks). They run in this process
// (InProcessEmitToolchain) rather than in generated projects, so no restore is needed and TorchSharp's native
// libraries are loaded once by the course's own loader.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(GenerativeCourse.Benchmarks.KernelBenchmarks).Assembly).Run(args, config);
